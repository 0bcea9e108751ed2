// The parts of the app downloaded on first use (src/chunks.rs; the split build that
// scripts/build-wasm.sh makes): each part is one or more hashed files; a part that cannot be
// downloaded shows a message with "Try again" where it would be, keeps what the user typed,
// and loads when tried again; the parts the first view leads to are downloaded while the page
// is idle, so a click a few seconds later downloads nothing.
import { expect, test, openImages } from './fixtures.js';
import { calls, planFor, reviewDebian, rowStatuses } from '../fleet.js';

/** The files each part needs, from the page (scripts/hash-split.mjs writes them there). */
async function parts(product) {
  const page = await (await fetch(product.base)).text();
  return JSON.parse(page.match(/data-parts='([^']+)'/)[1]).parts;
}

/**
 * Blocks a part's own file (as a network failure would; the chunks it shares with other
 * parts stay reachable) until the returned function is called.
 */
async function block(page, files) {
  const own = files.filter((file) => file.startsWith('split_'));
  expect(own.length).toBe(1);
  const pattern = new RegExp(`/${own[0].replace(/[.]/g, '\\.')}$`);
  const handler = (route) => route.abort('internetdisconnected');
  await page.route(pattern, handler);
  return () => page.unroute(pattern, handler);
}

/** Every wasm file the page requests from now on. */
function wasmRequests(page) {
  const seen = [];
  page.on('request', (request) => {
    if (request.url().endsWith('.wasm')) seen.push(new URL(request.url()).pathname);
  });
  return seen;
}

test('a part that cannot be downloaded says so with "Try again" and keeps the form as typed', async ({ page, product }) => {
  const files = await parts(product);
  expect(Object.keys(files).sort(), 'the parts of the split build').toEqual(['activity', 'fleet', 'language', 'panel', 'review']);
  for (const part of Object.values(files)) for (const file of part) expect(file).toMatch(/-[0-9a-f]{16}\.wasm$/);

  // Both blocked before the page can preload them at idle.
  const unblockPanel = await block(page, files.panel);
  const unblockReview = await block(page, files.review);
  await page.goto(product.base);

  // The panel's part: network down → the message where the panel would be, then it loads.
  await page.getByRole('button', { name: 'Reinstall db-01' }).click();
  const failed = page.getByTestId('chunk-failed');
  await failed.getByText('The instance\'s page could not be downloaded. Check the connection and try again.').waitFor();
  await failed.getByRole('button', { name: 'Try again' }).click();
  await failed.getByText(/If the console was updated meanwhile, reload the page/).waitFor();
  await unblockPanel();
  await failed.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await expect(failed).toHaveCount(0);

  // The review's part: the form is typed, Review fails to download, the form is untouched;
  // once the network is back, "Try again" opens the review of exactly what was typed.
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill('Typed-Before-9');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await failed.getByText('The review could not be downloaded.', { exact: false }).waitFor();
  await expect(page.getByRole('alertdialog')).toHaveCount(0);
  await expect(page.getByLabel('New password')).toHaveValue('Typed-Before-9');
  await expect(page.getByLabel('Debian 12')).toBeChecked();
  // "Back to the form" leaves the review step; the form is still as typed.
  await failed.getByRole('button', { name: 'Back to the form' }).click();
  await expect(failed).toHaveCount(0);
  await expect(page.getByLabel('New password')).toHaveValue('Typed-Before-9');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await failed.getByRole('button', { name: 'Try again' }).waitFor();
  await unblockReview();
  await failed.getByRole('button', { name: 'Try again' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByText('Debian 12', { exact: false }).first().waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByLabel('New password')).toHaveValue('Typed-Before-9');
});

test('the fleet\'s part failing keeps the selection; the list goes back to it', async ({ page, product }) => {
  const files = await parts(product);
  const unblock = await block(page, files.fleet);
  await page.goto(product.base);
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  await page.getByLabel('Select db-01', { exact: true }).check();
  await page.getByLabel('Select web-01', { exact: true }).check();
  await page.getByRole('button', { name: 'Reinstall 2 selected…' }).click();
  const failed = page.getByTestId('chunk-failed');
  await failed.getByText('The plan for the selected instances could not be downloaded.', { exact: false }).waitFor();
  await failed.getByRole('button', { name: 'Back to the list' }).click();
  await expect(page.getByLabel('Select db-01', { exact: true })).toBeChecked();
  await unblock();
  await page.getByRole('button', { name: 'Reinstall 2 selected…' }).click();
  await page.getByRole('heading', { name: /Reinstall 2 instances with one plan/ }).waitFor();
});

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 3 } });
  test('a reload with a confirmed batch downloads the fleet\'s part at once; failing, it keeps the batch and "Try again" resumes it', async ({ page, product }) => {
    page.on('dialog', (question) => question.accept()); // "Leave?" before the reload
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner']);
    const dialog = await reviewDebian(page, 2, 'Resumed-Batch-5');
    await dialog.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await page.getByTestId('fleet-table').waitFor({ timeout: 15000 });

    const files = await parts(product);
    const unblock = await block(page, files.fleet);
    await page.reload();
    const failed = page.getByTestId('chunk-failed');
    await failed.getByRole('button', { name: 'Try again' }).waitFor();
    // It names the batch under way, not a plan, and says the batch is not lost.
    await failed.getByText('The reinstall under way could not be shown', { exact: false }).waitFor();
    await failed.getByText('the batch is kept in this tab', { exact: false }).waitFor();
    // In the batch's place, not the list; the batch is still kept for the tab.
    await expect(page.getByRole('button', { name: 'Reinstall db-01' })).toHaveCount(0);
    const kept = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    expect(kept, 'the batch is kept').toContain('ins-build-01');

    await unblock();
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('fleet-table').waitFor();
    await rowStatuses(page, ['ins-db-01', 'ins-build-01'], '0 in progress · 2 running · 0 failed');
    expect(calls(product, 'ResetInstances').length, 'the reload sent nothing again').toBe(1);
  });

  test('a confirmed batch is resumed at once, even when the page opens on a panel', async ({ page, product }) => {
    page.on('dialog', (question) => question.accept()); // "Leave?" before the navigation
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner']);
    const dialog = await reviewDebian(page, 2, 'Resumed-Batch-6');
    await dialog.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await page.getByTestId('fleet-table').waitFor({ timeout: 15000 });

    // A panel page preloads only the panel's and the review's parts: the fleet's own file is
    // asked for by the resumed batch.
    const files = await parts(product);
    const own = files.fleet.find((file) => file.startsWith('split_'));
    const seen = wasmRequests(page);
    await page.goto(`${product.base}?instance=ins-db-01`);
    await page.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await expect.poll(() => seen.some((path) => path.endsWith(`/${own}`)), { timeout: 10000 }).toBe(true);
    await page.getByRole('button', { name: '← All instances' }).click();
    await page.getByTestId('fleet-table').waitFor();
    await rowStatuses(page, ['ins-db-01', 'ins-build-01'], '0 in progress · 2 running · 0 failed');
    expect(calls(product, 'ResetInstances').length, 'nothing sent again').toBe(1);
  });
});

test('after a few seconds on the list, opening a panel, the review and the fleet downloads nothing', async ({ page, product }) => {
  await page.goto(product.base);
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  const files = await parts(product);
  // Every part is fetched once the page is idle, but the one that reads another language's
  // catalogue: an English page never needs it.
  const { language, ...english } = files;
  const all = [...new Set(Object.values(english).flat())];
  const languageOnly = language.filter((file) => !all.includes(file));
  expect(languageOnly.length, 'the language part has a file of its own').toBeGreaterThan(0);
  await expect.poll(() => page.evaluate((all) => all.filter((file) =>
    performance.getEntriesByType('resource').some((entry) => entry.name.endsWith(`/${file}`))).length, all),
  { timeout: 10000 }).toBe(all.length);
  const later = wasmRequests(page);
  await page.getByRole('button', { name: 'Reinstall db-01' }).click();
  await page.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill('Idle-Loaded-77');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
  page.once('dialog', (question) => question.accept()); // leave the typed form
  await page.getByRole('button', { name: '← All instances' }).click();
  await page.getByLabel('Select db-01', { exact: true }).check();
  await page.getByRole('button', { name: 'Reinstall 1 selected…' }).click();
  await page.getByRole('heading', { name: /Reinstall 1 instance with one plan/ }).waitFor();
  expect(later, 'no wasm downloaded after the idle preload').toEqual([]);
  const fetched = await page.evaluate(() => performance.getEntriesByType('resource').map((entry) => entry.name));
  expect(fetched.filter((url) => languageOnly.some((file) => url.endsWith(`/${file}`))), 'an English page never downloads the language part').toEqual([]);
});

test('a widget for one instance preloads the panel\'s part while the main wasm downloads, and its history at idle', async ({ page, product }) => {
  const seen = wasmRequests(page);
  await page.goto(`${product.base}/embed.html`);
  await page.locator('#widget-a').getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  const entry = await (await fetch(`${product.base}/widget/zec-reinstall-element.js`)).text();
  const files = JSON.parse(entry.match(/const PARTS = (\{.*\})\.parts;/)[1]).parts;
  for (const file of files.panel) expect(seen, 'the panel\'s parts were loaded').toContain(`/widget/${file}`);
  // Preloaded: requested by the element script before the wasm has started the app.
  const preloads = await page.evaluate(() => [...document.querySelectorAll('link[rel=preload][as=fetch]')].map((link) => new URL(link.href).pathname));
  for (const file of files.panel) expect(preloads).toContain(`/widget/${file}`);
  // The history under the form is not: it is downloaded once the browser is idle, and shows.
  const history = files.activity.filter((file) => !files.panel.includes(file));
  for (const file of history) expect(preloads, 'the history waits for idle').not.toContain(`/widget/${file}`);
  await page.locator('#widget-a').getByRole('heading', { name: 'Activity of db-01' }).waitFor();
  for (const file of history) expect(seen).toContain(`/widget/${file}`);
});

test('in Chinese, a part that cannot be downloaded says so in Chinese and loads when tried again', async ({ page, product }) => {
  const files = await parts(product);
  const unblock = await block(page, files.fleet);
  await page.goto(`${product.base}?lang=zh-CN`);
  for (const name of ['db-01', 'build-runner']) await page.getByLabel(`选择 ${name}`, { exact: true }).check();
  await page.getByRole('button', { name: '重装所选的 2 个…' }).click();
  const failed = page.getByTestId('chunk-failed');
  await failed.getByText('所选实例的重装计划未能下载。请检查网络连接后重试。').waitFor();
  await failed.getByRole('button', { name: '重试' }).click();
  await failed.getByText(/如果控制台在此期间已更新，请刷新页面/).waitFor();
  await unblock();
  await failed.getByRole('button', { name: '重试' }).click();
  await page.getByRole('heading', { name: '按同一计划重装 2 个实例' }).waitFor();
});
