// Starts the real proxy (release build, embedded emulator) and Debian's Chromium for one test,
// and saves a screenshot when the test fails.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
const proxyBin = process.env.ZEC_PROXY_BIN ?? join(root, 'target', 'release', 'zec-proxy');
const dist = process.env.ZEC_DIST ?? join(root, 'dist');
export const artifacts = join(root, 'e2e', 'artifacts');

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

/** The product as `make run` starts it, with short emulated delays. */
export async function startProxy({ reinstallSeconds = 3, powerSeconds = 1, snapshotSeconds = 1 } = {}) {
  const port = await freePort();
  const emulatorPort = await freePort();
  const child = spawn(proxyBin, [
    '--listen', `127.0.0.1:${port}`, '--static', dist, '--status-interval', '0.5',
    '--emulator-listen', `127.0.0.1:${emulatorPort}`,
    '--emulator-reinstall-seconds', String(reinstallSeconds), '--emulator-power-seconds', String(powerSeconds),
    '--emulator-snapshot-seconds', String(snapshotSeconds),
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
    /** The proxy's structured access log lines so far. */
    accessLog: () => log.split('\n').filter((line) => line.includes('"zec_proxy::access"')).map((line) => JSON.parse(line).fields),
    setFaults: (faults) => fetch(`http://127.0.0.1:${emulatorPort}/_emulator/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults),
    }),
    stop: () => child.kill('SIGTERM'),
  };
}

export async function startBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    // Playwright gives every launch a fresh, empty profile directory of its own.
  });
}

/**
 * Runs `body(page, proxy)` with a fresh proxy and page; on failure saves
 * e2e/artifacts/<name>.png and the proxy log, then fails.
 */
export async function withProduct(name, options, body) {
  // `bypassCSP` lets a test inject a checker script (axe-core); the product's CSP forbids it.
  const { bypassCSP = false, ...proxyOptions } = options;
  const proxy = await startProxy(proxyOptions);
  let browser;
  try {
    browser = await startBrowser();
  } catch (error) {
    proxy.stop();
    throw error;
  }
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, bypassCSP });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  try {
    await body(page, proxy);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  } catch (error) {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    await browser.close();
    proxy.stop();
  }
}

/** Waits until the live status has shown every status in `expected`, in order. */
export async function seeStatuses(page, scope, expected, timeout = 30000) {
  const seen = [];
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const text = (await scope.locator('[data-testid=live-status]').textContent().catch(() => '')) ?? '';
    if (text && seen.at(-1) !== text) seen.push(text);
    if (expected.every((status) => seen.includes(status))) return seen;
    await page.waitForTimeout(100);
  }
  throw new Error(`expected statuses ${expected.join(' → ')}, saw ${seen.join(' → ')}`);
}

/** Opens the image list of the reinstall form (it starts closed, showing the chosen image). */
export async function openImages(scope) {
  const list = scope.locator('details.zec-image-list');
  if (!(await list.evaluate((el) => el.open))) await scope.getByText('Change image').click();
}

/** Logs in with a password instead of the instance's key pair. */
export async function usePassword(scope) {
  await scope.getByRole('radio', { name: 'Password', exact: true }).check();
}
