// The real product for the end-to-end tests, the screenshots and the bench: the release proxy
// with its embedded emulator on a free loopback port, and Debian's Chromium (never a
// downloaded browser).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname, '..');
// scripts/test-e2e.sh names the binary and the built files; these defaults serve a run by hand.
const proxyBin = process.env.ZEC_PROXY_BIN ?? join(root, 'target', 'release', 'zec-proxy');
const dist = process.env.ZEC_DIST ?? join(root, 'dist');

/** Chromium's launch options: Debian's binary, and no background calls to a closed network. */
export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
};

export async function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * The product as `make run` starts it, with short emulated delays; `fixture` replaces the
 * emulator's built-in fixture with that JSON file. `sessions`: portal sessions with a fresh
 * HS256 secret (its file is `secretFile`; `mintSession` signs one with `zec-proxy
 * mint-session`); `publicOrigin`: a portal's origin in front of it.
 */
export async function startProxy({ reinstallSeconds = 3, powerSeconds = 1, snapshotSeconds = 1, fixture, sessions = false, publicOrigin } = {}) {
  const port = await freePort();
  const emulatorPort = await freePort();
  const secretFile = sessions ? join(mkdtempSync(join(tmpdir(), 'zec-e2e-')), 'session-secret') : null;
  if (secretFile) writeFileSync(secretFile, `${randomBytes(48).toString('base64')}\n`, { mode: 0o600 });
  const child = spawn(proxyBin, [
    '--listen', `127.0.0.1:${port}`, '--static', dist, '--status-interval', '0.5',
    '--emulator-listen', `127.0.0.1:${emulatorPort}`,
    '--emulator-reinstall-seconds', String(reinstallSeconds), '--emulator-power-seconds', String(powerSeconds),
    '--emulator-snapshot-seconds', String(snapshotSeconds),
    // Each proxy keeps its own activity history, gone with it.
    '--database', 'sqlite::memory:',
    ...(fixture ? ['--emulator-fixture', fixture] : []),
    ...(secretFile ? ['--session-secret-file', secretFile] : []),
    ...(publicOrigin ? ['--public-origin', publicOrigin] : []),
  ], { env: { ...process.env, ZENLAYER_ACCESS_KEY_ID: '', ZENLAYER_ACCESS_KEY_PASSWORD: '', ZENLAYER_ACCESS_TOKEN: '' } });
  let log = '';
  child.stdout.on('data', (chunk) => { log += chunk; });
  child.stderr.on('data', (chunk) => { log += chunk; });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      const health = await fetch(`${base}/healthz`);
      if (health.ok) break;
    } catch {
      if (attempt > 100 || child.exitCode !== null) throw new Error(`the proxy did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    base,
    emulator: `http://127.0.0.1:${emulatorPort}`,
    /** Everything the proxy printed so far. */
    log: () => log,
    /** The proxy's structured access log lines so far. */
    accessLog: () => log.split('\n').filter((line) => line.includes('"zec_proxy::access"')).map((line) => JSON.parse(line).fields),
    setFaults: (faults) => fetch(`http://127.0.0.1:${emulatorPort}/_emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults),
    }),
    secretFile,
    /** A session signed by the proxy's own `mint-session` (sessions only). */
    mintSession: ({ sub, instances = [], actions, ttl = '15m' }) => execFileSync(proxyBin, [
      '--session-secret-file', secretFile, 'mint-session', '--sub', sub, '--instances', instances.join(','),
      ...(actions ? ['--actions', actions.join(',')] : []), '--ttl', ttl,
    ], { encoding: 'utf8' }).trim(),
    stop: () => child.kill('SIGTERM'),
  };
}

/** Debian's Chromium, headless, for scripts that run outside the test runner. */
export function startBrowser() {
  return chromium.launch(chromiumLaunch);
}
