// Fleets: several instances reinstalled with one plan, shown in one live table; protected
// instances cannot be selected, and the proxy refuses a direct reinstall of one.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures.js';

const builtin = resolve(import.meta.dirname, '..', '..', 'crates', 'zec-emulator', 'fixtures', 'default.json');

/**
 * The built-in fixture with cache-01's disk flagged `installFails` (an emulator-only flag):
 * ResetInstances installs one image on every instance, so one install of a batch can only
 * fail by the instance, not by the image.
 */
function fixtureWithFailingInstall(instanceId) {
  const fixture = JSON.parse(readFileSync(builtin, 'utf8'));
  fixture.instances.find((i) => i.instanceId === instanceId).systemDisk.installFails = true;
  const path = join(mkdtempSync(join(tmpdir(), 'zec-fleet-')), 'fixture.json');
  writeFileSync(path, JSON.stringify(fixture));
  return path;
}

const BATCH = [['ins-db-01', 'db-01'], ['ins-build-01', 'build-runner'], ['ins-cache-01', 'cache-01']];

/** Selects the batch in the list, plans Debian 12 with a password and opens the review. */
async function reviewBatch(page) {
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  for (const [, name] of BATCH) await page.getByLabel(`Select ${name}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Reinstall 3 selected…' }).click();
  await page.getByRole('heading', { name: 'Reinstall 3 instances with one plan' }).waitFor();
  // The 80 GiB CUDA image does not fit the 20 GiB disks: the fold names who blocks it.
  const cuda = page.getByTestId('fleet-unavailable-images').locator('li', { hasText: 'Ubuntu 24.04 with CUDA 12' });
  await expect(cuda.locator('li').first()).toHaveText(/^build-runner: The image needs 80 GiB; the boot disk has 20 GiB\.$/);
  await page.getByLabel('Debian 12', { exact: true }).check();
  await page.getByLabel('New password').fill('Fleet-Pass-2026');
  await page.getByRole('button', { name: 'Review the reinstall of 3' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const named = await dialog.getByTestId('fleet-review-instances').textContent();
  for (const [id, name] of BATCH) expect(named.includes(id) && named.includes(name), `${id} is named`).toBeTruthy();
  const erase = dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' });
  await expect(erase, 'the count must be typed first').toBeDisabled();
  await dialog.getByLabel(/to confirm/).fill('3');
  return erase;
}

/** Waits for the table's totals, then returns each row's status. */
async function finalStatuses(page, totals) {
  await page.getByTestId('fleet-totals').getByText(totals).waitFor({ timeout: 30000 });
  const statuses = {};
  for (const [id] of BATCH) {
    statuses[id] = await page.locator(`tr[data-instance-id=${id}] [data-testid=fleet-status]`).textContent();
  }
  return statuses;
}

test.describe(() => {
  test.use({ productOptions: { fixture: fixtureWithFailingInstall('ins-cache-01') } });
  test('a batch of three where one install fails ends with two RUNNING and one REINSTALL_FAILED', async ({ page, product }) => {
    await page.goto(product.base);
    const erase = await reviewBatch(page);
    await erase.click();
    const statuses = await finalStatuses(page, '0 in progress · 2 running · 1 failed');
    expect(statuses).toEqual({ 'ins-db-01': 'Running', 'ins-build-01': 'Running', 'ins-cache-01': 'Reinstall failed (REINSTALL_FAILED)' });
    // One ResetInstances call carried the three ids; the table shows its request id.
    const resets = product.accessLog().filter((line) => line.action === 'ResetInstances');
    expect(resets.length).toBe(1);
    expect(resets[0].instance).toBe(BATCH.map(([id]) => id).join(','));
    expect(await page.getByTestId('request-id').textContent()).toBe(resets[0].request_id);
    // The call leads to its entry in the history, which the proxy followed to each end.
    await page.getByRole('button', { name: 'Activity of call 1' }).click();
    const call = page.getByTestId('fleet-call-activity');
    await expect(call).toBeFocused();
    await expect(call.getByTestId('activity-request-id')).toHaveText(resets[0].request_id);
    await expect(call).toContainText(/Reinstall of 3 instances by console · → Debian 12 · MIXED after \d+ s: see each instance/, { timeout: 15000 });
    await expect(call).toContainText('ins-cache-01: REINSTALL_FAILED');
    expect(product.accessLog().filter((line) => line.action === 'ResetInstance').length).toBe(0);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByTestId('selected-count').filter({ hasText: /^0 selected$/ }).waitFor();
  });
});

test('an instance the answer lists as failed is shown as not started, not in progress', async ({ page, product }) => {
  await page.goto(product.base);
  const erase = await reviewBatch(page);
  // Between review and confirm, build-01 is started behind the console's back: the
  // emulator then refuses it alone and lists it as failed.
  const started = await fetch(`${product.emulator}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'StartInstances', authorization: 'Bearer emulator-access-token' },
    body: JSON.stringify({ instanceIds: ['ins-build-01'] }),
  });
  expect(started.status).toBe(200);
  await erase.click();
  const statuses = await finalStatuses(page, '0 in progress · 2 running · 1 failed');
  expect(statuses).toEqual({ 'ins-db-01': 'Running', 'ins-build-01': 'Did not start', 'ins-cache-01': 'Running' });
  await expect(page.locator('tr[data-instance-id=ins-build-01]')).toContainText(/listed as failed/);
});

test('a protected instance cannot be selected or reinstalled from the UI, nor by a direct POST', async ({ page, product }) => {
  await page.goto(product.base);
  const row = page.locator('tr[data-instance-id=ins-mon-01]');
  await row.getByTestId('protected').waitFor();
  await expect(row).toContainText(/Protected.*zec-reinstall:protected=true/);
  await expect(row.getByRole('checkbox'), 'no checkbox for a protected instance').toHaveCount(0);
  // Select all takes every instance of the page but the protected one.
  await page.getByLabel('Select all on this page').check();
  const rows = await page.locator('tbody tr').count();
  await page.getByTestId('selected-count').filter({ hasText: `${rows - 1} selected` }).waitFor();
  await page.getByRole('button', { name: 'Clear selection' }).click();
  // Its panel says why at the top and offers nothing the proxy would refuse: no form, no
  // Review, no Power off (it is RUNNING), no roll back or delete.
  await page.getByRole('button', { name: 'Reinstall monitoring' }).click();
  await page.getByRole('heading', { name: 'Reinstall monitoring' }).waitFor();
  const why = page.locator('.zec-panel-header').getByTestId('protected');
  await expect(why).toContainText(/protected by its tag zec-reinstall:protected=true/);
  await expect(why.getByRole('img', { name: 'Locked' })).toHaveCount(1);
  await page.getByText('Snapshots of the boot disk', { exact: true }).waitFor();
  await expect(page.locator('form.zec-form')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Power off|Review|Roll back|Delete/ })).toHaveCount(0);
  // Straight to the proxy, as a same-origin page would send it: refused, nothing forwarded.
  const answer = await fetch(`${product.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'ResetInstance', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ instanceId: 'ins-mon-01', imageId: 'img-debian-12', password: 'Abcdef1!' }),
  });
  expect(answer.status).toBe(403);
  const body = await answer.json();
  expect(body.code).toBe('RESOURCE_PROTECTED');
  expect(body.message).toMatch(/ins-mon-01/);
  const stats = await (await fetch(`${product.emulator}/_emulator/stats`)).json();
  expect(!JSON.stringify(stats).includes('ResetInstance'), `nothing reached the API: ${JSON.stringify(stats)}`).toBeTruthy();
});
