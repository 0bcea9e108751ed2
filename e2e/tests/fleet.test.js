// Fleets: several instances reinstalled with one plan, every boot disk snapshotted first,
// shown in one live table; "Retry the N failed" is a new plan to review; a plan whose
// instance changed since review cannot be confirmed; protected instances cannot be
// selected, and the proxy refuses a direct reinstall of one.
import { expect, test } from './fixtures.js';
import { calls, fixtureWith, planFor, reviewDebian, rowStatuses } from '../fleet.js';

const BATCH = [['ins-db-01', 'db-01'], ['ins-build-01', 'build-runner'], ['ins-cache-01', 'cache-01']];
const IDS = BATCH.map(([id]) => id);
const NAMES = BATCH.map(([, name]) => name);

/** Starts an instance behind the console's back, straight at the emulator. */
async function startBehindTheConsole(product, instanceId) {
  const started = await fetch(`${product.emulator}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'StartInstances', authorization: 'Bearer emulator-access-token' },
    body: JSON.stringify({ instanceIds: [instanceId] }),
  });
  expect(started.status).toBe(200);
}

test.describe(() => {
  // cache-01's install fails (an emulator-only fixture flag): ResetInstances installs one
  // image on every instance, so one install of a batch can only fail by the instance.
  test.use({ productOptions: { reinstallSeconds: 2, fixture: fixtureWith({ 'ins-cache-01': { installFails: true } }) } });
  test('snapshots first, one install fails, and "Retry the 1 failed" is a new reviewed plan', async ({ page, product }) => {
    await page.goto(product.base);
    await planFor(page, NAMES);
    // The 80 GiB CUDA image does not fit the 20 GiB disks: the fold says for which.
    await expect(page.getByTestId('unavailable-images')).toContainText(/Not for build-runner, cache-01: The image needs 80 GiB.*Ubuntu 24\.04 with CUDA 12/);
    const dialog = await reviewDebian(page, 3);
    const named = await dialog.getByTestId('fleet-review-instances').textContent();
    for (const [id, name] of BATCH) expect(named.includes(id) && named.includes(name), `${id} is named`).toBeTruthy();
    await expect(dialog.getByTestId('fleet-undo')).toContainText(/A snapshot of each boot disk is taken first/);
    await dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' }).click();
    const statuses = await rowStatuses(page, IDS, '0 in progress · 2 running · 1 failed');
    expect(statuses).toEqual({ 'ins-db-01': 'Running', 'ins-build-01': 'Running', 'ins-cache-01': 'Reinstall failed (REINSTALL_FAILED)' });
    // Every boot disk was snapshotted, then one ResetInstances call carried the three ids.
    const actions = product.accessLog().map((line) => line.action);
    expect(calls(product, 'CreateSnapshot').map((line) => line.instance).sort()).toEqual(['disk-build-01', 'disk-cache-01', 'disk-db-01']);
    expect(actions.lastIndexOf('CreateSnapshot')).toBeLessThan(actions.indexOf('ResetInstances'));
    const resets = calls(product, 'ResetInstances');
    expect(resets.map((line) => line.instance)).toEqual([IDS.join(',')]);
    expect(await page.getByTestId('request-id').textContent()).toBe(resets[0].request_id);
    // The call leads to its entry in the history, which the proxy followed to each end.
    await page.getByRole('button', { name: 'Activity of call 1' }).click();
    const call = page.getByTestId('fleet-call-activity');
    await expect(call).toBeFocused();
    await expect(call.getByTestId('activity-request-id')).toHaveText(resets[0].request_id);
    await expect(call).toContainText(/Reinstall of 3 instances by console · → Debian 12 · MIXED after \d+ s: see each instance/, { timeout: 15000 });
    await expect(call).toContainText('ins-cache-01: REINSTALL_FAILED');

    // The failed one, planned again: REINSTALL_FAILED blocks it and is offered a power-off.
    await page.getByRole('button', { name: 'Retry the 1 failed…' }).click();
    await page.getByRole('heading', { name: 'Reinstall 1 instance with one plan' }).waitFor();
    await expect(page.getByTestId('fleet-blockers')).toContainText(/cache-01.*REINSTALL_FAILED/);
    await expect(page.getByTestId('fleet-blockers').locator('li[data-instance-id=ins-cache-01]'), 'name, id and reason read as words')
      .toContainText(/^cache-01 \(ins-cache-01\): The instance is REINSTALL_FAILED/);
    await expect(page.getByTestId('fleet-images').getByLabel('Debian 12'), 'the plan is kept').toBeChecked();
    await expect(page.getByLabel('New password')).toHaveValue('Fleet-Pass-2026');
    await page.getByRole('button', { name: 'Power off 1 instance…' }).click();
    await page.getByRole('button', { name: 'Power off 1 instance', exact: true }).click();
    await page.getByTestId('fleet-blockers').waitFor({ state: 'hidden', timeout: 15000 });
    expect(calls(product, 'ResetInstances').length, 'nothing is sent again without a review').toBe(1);
    await page.getByRole('button', { name: 'Review the reinstall of 1 instance' }).click();
    const again = page.getByRole('alertdialog');
    await expect(again.getByTestId('fleet-review-instances')).toHaveText(/^cache-01 ins-cache-01$/);
    await again.getByLabel(/to confirm/).fill('1');
    await again.getByRole('button', { name: 'Erase 1 disk and reinstall' }).click();
    await rowStatuses(page, ['ins-cache-01'], '0 in progress · 0 running · 1 failed');
    expect(calls(product, 'ResetInstances').map((line) => line.instance)).toEqual([IDS.join(','), 'ins-cache-01']);
    await page.getByRole('button', { name: 'Back to the list' }).click();
    await page.getByTestId('selected-count').filter({ hasText: /^0 selected$/ }).waitFor();
  });
});

test('an instance started behind the console after review is marked and cannot be confirmed', async ({ page, product }) => {
  await page.goto(product.base);
  await planFor(page, NAMES);
  const dialog = await reviewDebian(page, 3);
  const erase = dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' });
  await expect(erase).toBeEnabled();
  await startBehindTheConsole(product, 'ins-build-01');
  await expect(dialog.locator('li[data-instance-id=ins-build-01] [data-testid=fleet-changed]')).toContainText(/build-runner changed since you reviewed it/);
  await expect(dialog.locator('li[data-instance-id=ins-db-01] [data-testid=fleet-changed]')).toHaveCount(0);
  await expect(erase).toBeDisabled();
  await expect(dialog.getByTestId('fleet-stale')).toContainText('The instance changed since you reviewed it');
  await dialog.getByRole('button', { name: 'Review again' }).click();
  await expect(page.getByTestId('fleet-blockers')).toContainText(/build-runner.*(STARTING|RUNNING)/);
  expect(calls(product, 'CreateSnapshot').length + calls(product, 'ResetInstances').length, 'nothing was sent').toBe(0);
});

test('a review whose instance another tab confirmed is marked and cannot be confirmed', async ({ page, product }) => {
  await page.goto(product.base);
  await planFor(page, NAMES);
  const dialog = await reviewDebian(page, 3);
  const erase = dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' });
  await expect(erase).toBeEnabled();
  // A second tab of the same browser reinstalls db-01 alone.
  const other = await page.context().newPage();
  await other.goto(product.base);
  await planFor(other, ['db-01']);
  const its = await reviewDebian(other, 1);
  await its.getByRole('button', { name: 'Erase 1 disk and reinstall' }).click();
  await expect(dialog.locator('li[data-instance-id=ins-db-01] [data-testid=fleet-changed]')).toContainText(/another tab of this browser confirmed a reinstall of it/);
  await expect(erase).toBeDisabled();
  await rowStatuses(other, ['ins-db-01'], '0 in progress · 1 running · 0 failed');
  expect(calls(product, 'ResetInstances').map((line) => line.instance), 'only the other tab sent').toEqual(['ins-db-01']);
  await other.close();
});

test('an instance the answer lists as failed is shown as not started, not in progress', async ({ page, product }) => {
  // The live status comes late, so the console cannot know that build-01 was started
  // between review and Confirm: the API refuses it alone and lists it as failed.
  await product.setFaults({ latencyMs: 4000, actions: ['DescribeInstancesStatus'] });
  await page.goto(product.base);
  await planFor(page, NAMES);
  await page.getByLabel(/Snapshot every boot disk first/).uncheck();
  const dialog = await reviewDebian(page, 3);
  await startBehindTheConsole(product, 'ins-build-01');
  await dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' }).click();
  await product.setFaults({});
  const statuses = await rowStatuses(page, IDS, '0 in progress · 2 running · 1 failed');
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
