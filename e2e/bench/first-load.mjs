// `make bench`: how long a first visit takes on a slow mobile network. Starts the release
// proxy (embedded emulator) like the end-to-end tests, then, for the console page and for the
// widget demo page, opens each RUNS times in a fresh browser context (empty cache) with
// Chromium's network emulation: Fast 3G, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.
// Prints the median time until the first paint and until the instance list is visible, and
// the bytes that crossed the network.
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

async function firstVisit(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
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
  await context.close();
  return { ...timings, bytes, encodings: [...new Set(encodings.values())].join('/') };
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
        ` (median of ${RUNS}; ${Math.round(bytes / 1024)} KiB transferred, ${runs[0].encodings}; target 2.5 s)`,
    );
  }
} finally {
  await browser.close();
  proxy.stop();
}
