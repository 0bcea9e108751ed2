// The first visit: a styled skeleton paints before the wasm arrives and the app replaces it;
// the files come precompressed, content-hashed ones cached as immutable, the page revalidated.
import { expect, test } from './fixtures.js';

/** Holds back every wasm download until `release()` is called. */
async function holdWasm(page) {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/_bg\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

test('first load: the console paints its skeleton before the wasm, then the app replaces it', async ({ page, product }) => {
  const release = await holdWasm(page);
  await page.goto(product.base, { waitUntil: 'commit' });
  const skeleton = page.locator('#zec-boot');
  await skeleton.getByText('Loading instances…').waitFor();
  await skeleton.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  // Styled by the stylesheet, like the app it stands for.
  expect(await skeleton.evaluate((el) => getComputedStyle(el).maxWidth)).toBe('980px');
  release();
  await page.locator('tr[data-instance-id]').first().waitFor();
  await expect(page.locator('#zec-boot'), 'the skeleton is gone').toHaveCount(0);
  await expect(page.locator('.zec-app')).toHaveCount(1);
});

test('first load: the widget shows a skeleton in its shadow root until the wasm has loaded', async ({ page, product }) => {
  const release = await holdWasm(page);
  await page.goto(`${product.base}/embed.html`, { waitUntil: 'commit' });
  await page.locator('#widget-a').getByText('Loading the instance…').waitFor();
  await page.locator('#widget-b').getByText('Loading instances…').waitFor();
  await expect(page.locator('#widget-b tr[data-instance-id]')).toHaveCount(0);
  release();
  await page.locator('#widget-b tr[data-instance-id]').first().waitFor();
  await page.locator('#widget-a').getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
});

test('first load: precompressed files, hashed names immutable, the page revalidated', async ({ product }) => {
  const page = await fetch(product.base, { headers: { 'accept-encoding': 'br' } });
  expect(page.headers.get('content-encoding')).toBe('br');
  expect(page.headers.get('cache-control')).toBe('no-cache');
  const html = await page.text();
  const meta = html.match(/<meta name="zec-console" data-js="([^"]+)" data-wasm="([^"]+)" data-parts='([^']+)'\s+data-zh-cn="(\/zh-CN-[0-9a-f]{16}\.json)"/);
  expect(meta, 'the page names the hashed glue, wasm, parts and Chinese catalogue').toBeTruthy();
  expect(html).toMatch(new RegExp(`<link rel="preload" href="${meta[2]}" as="fetch" type="application/wasm" crossorigin>`));
  const loader = html.match(/<link rel="modulepreload" href="(\/__wasm_split-[0-9a-f]{16}\.js)">/);
  expect(loader, 'the split loader the glue imports is preloaded').toBeTruthy();
  const parts = Object.values(JSON.parse(meta[3]).parts).flat().map((file) => `/${file}`);
  expect(parts.length, 'the parts loaded on demand').toBeGreaterThan(2);
  const files = [[meta[1], 'br'], [meta[2], 'br'], [meta[2], 'gzip'], [loader[1], 'br'], [meta[4], 'br'], [meta[4], 'gzip'],
    ...parts.map((part) => [part, 'br'])];
  for (const [path, encoding] of files) {
    const file = await fetch(product.base + path, { headers: { 'accept-encoding': encoding } });
    expect(file.status, path).toBe(200);
    expect(file.headers.get('content-encoding'), path).toBe(encoding);
    expect(file.headers.get('cache-control'), path).toBe('public, max-age=31536000, immutable');
    await file.arrayBuffer();
  }
  const entry = await fetch(`${product.base}/widget/zec-reinstall-element.js`);
  expect(entry.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  const names = [...(await entry.text()).matchAll(/'\.\/((?:zec[-_]reinstall|zh-CN)-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css|json))'/g)].map((m) => m[1]);
  expect(names.length, 'the entry script names the hashed glue, wasm, stylesheet and Chinese catalogue').toBe(4);
  for (const name of names) {
    const file = await fetch(`${product.base}/widget/${name}`);
    expect(file.status, name).toBe(200);
    expect(file.headers.get('cache-control'), name).toMatch(/immutable/);
    await file.arrayBuffer();
  }
});

/** The list's first page as the console asks for it. */
const isFirstPage = (request) => request.method() === 'POST'
  && request.headers()['x-zc-action'] === 'DescribeInstances'
  && request.postData() === '{"pageSize":10,"pageNum":1}';

test('first load: the page asks for the list\'s first page while the wasm downloads, and the list takes that answer', async ({ page, product }) => {
  const release = await holdWasm(page);
  const asked = [];
  page.on('request', (request) => { if (isFirstPage(request)) asked.push(request); });
  await page.goto(product.base, { waitUntil: 'commit' });
  // Asked before the wasm has arrived.
  await expect.poll(() => asked.length).toBe(1);
  release();
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  await page.waitForTimeout(500);
  expect(asked.length, 'the list used the page\'s answer instead of asking again').toBe(1);
});

test('first load: when the page\'s early request fails, the list asks itself', async ({ page, product }) => {
  let failed = 0;
  await page.route('**/api/v2/zec', async (route) => {
    if (failed === 0 && isFirstPage(route.request())) {
      failed += 1;
      await route.abort('connectionreset');
    } else {
      await route.continue();
    }
  });
  await page.goto(product.base);
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  expect(failed).toBe(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
});
