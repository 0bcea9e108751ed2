// The first visit: a styled skeleton paints before the wasm arrives and the app replaces it;
// the files come precompressed, content-hashed ones cached as immutable, the page revalidated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withProduct } from './harness.js';

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

test('first load: the console paints its skeleton before the wasm, then the app replaces it', () =>
  withProduct('first-load-console', {}, async (page, proxy) => {
    const release = await holdWasm(page);
    await page.goto(proxy.base, { waitUntil: 'commit' });
    const skeleton = page.locator('#zec-boot');
    await skeleton.getByText('Loading instances…').waitFor();
    await skeleton.getByRole('heading', { name: 'Instances' }).waitFor();
    // Styled by the stylesheet, like the app it stands for.
    assert.equal(await skeleton.evaluate((el) => getComputedStyle(el).maxWidth), '980px');
    release();
    await page.locator('tr[data-instance-id]').first().waitFor();
    assert.equal(await page.locator('#zec-boot').count(), 0, 'the skeleton is gone');
    assert.equal(await page.locator('.zec-app').count(), 1);
  }));

test('first load: the widget shows a skeleton in its shadow root until the wasm has loaded', () =>
  withProduct('first-load-widget', {}, async (page, proxy) => {
    const release = await holdWasm(page);
    await page.goto(`${proxy.base}/embed.html`, { waitUntil: 'commit' });
    await page.locator('#widget-a').getByText('Loading the instance…').waitFor();
    await page.locator('#widget-b').getByText('Loading instances…').waitFor();
    assert.equal(await page.locator('#widget-b tr[data-instance-id]').count(), 0);
    release();
    await page.locator('#widget-b tr[data-instance-id]').first().waitFor();
    await page.locator('#widget-a').getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  }));

test('first load: precompressed files, hashed names immutable, the page revalidated', () =>
  withProduct('first-load-caching', {}, async (_page, proxy) => {
    const page = await fetch(proxy.base, { headers: { 'accept-encoding': 'br' } });
    assert.equal(page.headers.get('content-encoding'), 'br');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    const html = await page.text();
    const meta = html.match(/<meta name="zec-console" data-js="([^"]+)" data-wasm="([^"]+)">/);
    assert.ok(meta, 'the page names the hashed glue and wasm');
    assert.match(html, new RegExp(`<link rel="preload" href="${meta[2]}" as="fetch" type="application/wasm" crossorigin>`));
    for (const [path, encoding] of [[meta[1], 'br'], [meta[2], 'br'], [meta[2], 'gzip']]) {
      const file = await fetch(proxy.base + path, { headers: { 'accept-encoding': encoding } });
      assert.equal(file.status, 200, path);
      assert.equal(file.headers.get('content-encoding'), encoding, path);
      assert.equal(file.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
      await file.arrayBuffer();
    }
    const entry = await fetch(`${proxy.base}/widget/zec-reinstall-element.js`);
    assert.equal(entry.headers.get('cache-control'), 'public, max-age=0, must-revalidate');
    const names = [...(await entry.text()).matchAll(/'\.\/(zec[-_]reinstall-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css))'/g)].map((m) => m[1]);
    assert.equal(names.length, 3, 'the entry script names the hashed glue, wasm and stylesheet');
    for (const name of names) {
      const file = await fetch(`${proxy.base}/widget/${name}`);
      assert.equal(file.status, 200, name);
      assert.match(file.headers.get('cache-control'), /immutable/, name);
      await file.arrayBuffer();
    }
  }));
