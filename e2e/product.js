// The real product for the end-to-end tests, the screenshots and the bench: the release proxy
// with its embedded emulator on a free loopback port, and Debian's Chromium (never a
// downloaded browser).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
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

async function freePort() {
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
 * emulator's built-in fixture with that JSON file.
 */
export async function startProxy({ reinstallSeconds = 3, powerSeconds = 1, snapshotSeconds = 1, fixture } = {}) {
  const port = await freePort();
  const emulatorPort = await freePort();
  const child = spawn(proxyBin, [
    '--listen', `127.0.0.1:${port}`, '--static', dist, '--status-interval', '0.5',
    '--emulator-listen', `127.0.0.1:${emulatorPort}`,
    '--emulator-reinstall-seconds', String(reinstallSeconds), '--emulator-power-seconds', String(powerSeconds),
    '--emulator-snapshot-seconds', String(snapshotSeconds),
    // Each proxy keeps its own activity history, gone with it.
    '--database', 'sqlite::memory:',
    ...(fixture ? ['--emulator-fixture', fixture] : []),
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
    stop: () => child.kill('SIGTERM'),
  };
}

/** Debian's Chromium, headless, for scripts that run outside the test runner. */
export function startBrowser() {
  return chromium.launch(chromiumLaunch);
}
