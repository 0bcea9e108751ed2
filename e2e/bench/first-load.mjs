// `make bench`: how long a first visit takes on a slow mobile network. Starts the release
// proxy (embedded emulator) like the end-to-end tests, then, for the console page and for the
// widget demo page, opens each RUNS times in a fresh browser context (empty cache) with
// Chromium's network emulation: Fast 3G, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
// Prints the median time until the first paint and until the instance list is visible, and
// the bytes that crossed the network. On the console it then clicks through the parts loaded
// on demand: "panel ready after a click" (Reinstall db-01 → its form), "review dialog open
// after a click" (the form filled → the dialog), clicked at once after the list shows (the
// parts still downloading) and 5 s later (preloaded at idle), cold cache and warm (the same
// browser context visiting again: the hashed files come from its cache).
//   ZEC_DIST=dist ZEC_PROXY_BIN=target/release/zec-proxy node e2e/bench/first-load.mjs
import { startBrowser, startProxy } from '../product.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FAST_3G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};

// Runs in the page before its own scripts: notes when the first instance row exists, in the
// console or inside a widget's shadow root.
function watchForList() {
  const found = () =>
    document.querySelector('tr[data-instance-id]') ??
    [...document.querySelectorAll('zec-reinstall')].find((el) => el.shadowRoot?.querySelector('tr[data-instance-id]'));
  const check = () => {
    if (found()) window.__listVisibleAt = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Times the panel and the review after clicks on a console page showing its list. */
async function clickThrough(page) {
  let start = Date.now();
  await page.getByRole('button', { name: 'Reinstall db-01' }).click();
  await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 60000 });
  const panel = Date.now() - start;
  const list = page.locator('details.zec-image-list');
  if (!(await list.evaluate((el) => el.open))) await page.getByText('Change image').click();
  await page.getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill('Bench-Pass-2026');
  start = Date.now();
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByRole('alertdialog').waitFor({ timeout: 60000 });
  return { panel, review: Date.now() - start };
}

async function firstVisit(browser, url, { clicks = null, context: reused = null } = {}) {
  const context = reused ?? (await browser.newContext({ viewport: { width: 1100, height: 900 } }));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  let bytes = 0;
  const encodings = new Map();
  cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; });
  cdp.on('Network.responseReceived', ({ response }) => {
    const name = new URL(response.url).pathname.split('/').pop();
    if (/\.(wasm|js|css)$/.test(name)) encodings.set(name, response.headers['content-encoding'] ?? response.headers['Content-Encoding'] ?? 'identity');
  });
  await page.addInitScript(watchForList);
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__listVisibleAt !== undefined, null, { timeout: 60000, polling: 100 });
  const timings = await page.evaluate(() => ({
    list: window.__listVisibleAt,
    paint: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
  }));
  const firstBytes = bytes;
  let clicked = {};
  if (clicks !== null) {
    if (clicks > 0) await page.waitForTimeout(clicks);
    clicked = await clickThrough(page);
  }
  await page.close();
  if (!reused) await context.close();
  return { ...timings, ...clicked, bytes: firstBytes, encodings: [...new Set(encodings.values())].join('/') };
}

/** A cold visit, then a warm one in the same context (its HTTP cache). */
async function coldAndWarm(browser, url, clicks) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  try {
    const cold = await firstVisit(browser, url, { clicks, context });
    const warm = await firstVisit(browser, url, { clicks, context });
    return { cold, warm };
  } finally {
    await context.close();
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const proxy = await startProxy();
const browser = await startBrowser();
try {
  for (const [label, path] of [['console', '/'], ['widget (embed.html)', '/embed.html']]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstVisit(browser, proxy.base + path));
    const paint = median(runs.map((r) => r.paint));
    const list = median(runs.map((r) => r.list));
    const bytes = median(runs.map((r) => r.bytes));
    console.log(
      `  ${label.padEnd(20)} first paint ${(paint / 1000).toFixed(2)} s, instance list visible ${(list / 1000).toFixed(2)} s` +
        ` (median of ${RUNS}; ${Math.round(bytes / 1024)} KiB transferred, ${runs[0].encodings}; budget 1.5 s)`,
    );
  }
  const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
  for (const [label, wait] of [['at once', 0], ['after 5 s', 5000]]) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await coldAndWarm(browser, proxy.base + '/', wait));
    for (const cache of ['cold', 'warm']) {
      const of = (key) => s(median(runs.map((r) => r[cache][key])));
      console.log(
        `  console, ${cache} cache, clicked ${label.padEnd(9)} list visible ${of('list')}, panel ready after a click ${of('panel')},` +
          ` review dialog open after a click ${of('review')} (median of ${RUNS})`,
      );
    }
  }
} finally {
  await browser.close();
  proxy.stop();
}
