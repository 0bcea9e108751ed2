// An undo for reinstall: the boot disk is snapshotted first, the reinstall can be rolled back
// in one click, and a snapshot that fails stops the reinstall before anything is erased.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImages, seeStatuses, withProduct } from './harness.js';

/** DescribeInstances through the proxy, as any API client would call it. */
async function describe(proxy, instanceId) {
  const answer = await fetch(`${proxy.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'DescribeInstances' },
    body: JSON.stringify({ instanceIds: [instanceId] }),
  });
  return (await answer.json()).response.dataSet[0];
}

const calls = (proxy, action) => proxy.accessLog().filter((line) => line.action === action);

test('snapshot first, reinstall, then roll back: the original image is back', () =>
  withProduct('undo', { reinstallSeconds: 2 }, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await openImages(page);
    await page.getByLabel('AlmaLinux 9.4').check();
    await page.getByLabel('New password').fill('Undo-Pass-123');
    assert.equal(await page.getByLabel(/Snapshot the boot disk first/).isChecked(), true, 'on by default');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    const dialog = page.getByRole('alertdialog');
    assert.match(await dialog.getByTestId('plan-undo').textContent(), /before-reinstall-db-01-\d{8}-\d{4}\).*restored from it until \d{4}-\d{2}-\d{2}/);
    await dialog.getByLabel(/to confirm/).fill('db-01');
    await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await page.getByTestId('snapshot-status').getByText(/AVAILABLE|CREATING|requested/).waitFor();
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    assert.equal((await describe(proxy, 'ins-db-01')).imageName, 'AlmaLinux 9.4');
    const create = calls(proxy, 'CreateSnapshot');
    const reset = calls(proxy, 'ResetInstance');
    assert.equal(create.length, 1);
    assert.equal(reset.length, 1);

    await page.getByRole('button', { name: /Roll back to the snapshot of/ }).click();
    const ask = page.getByRole('alertdialog');
    await ask.getByText(/it is powered off first/).waitFor();
    await ask.getByRole('button', { name: 'Roll back' }).click();
    await page.getByTestId('undo-status').getByText(/Rolled back to before-reinstall-db-01/).waitFor({ timeout: 30000 });
    const after = await describe(proxy, 'ins-db-01');
    assert.equal(after.imageName, 'Rocky Linux 9.4', 'DescribeInstances shows the original image again');
    await page.getByTestId('current-image').getByText('Rocky Linux 9.4').waitFor();
    assert.equal(calls(proxy, 'ApplySnapshot').length, 1);
    assert.equal(calls(proxy, 'StopInstances').length, 1, 'powered off before the rollback');
  }));

test('a snapshot that fails stops the reinstall from being sent', () =>
  withProduct('snapshot-fails', {}, async (page, proxy) => {
    // ins-win-02 is RUNNING and its disk's snapshots fail in the emulator's fixture.
    await page.goto(`${proxy.base}/?instance=ins-win-02`);
    await page.getByRole('button', { name: 'Power off…' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Power off', exact: true }).click();
    await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 15000 });
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByLabel(/to confirm/).fill('win-ad-01');
    await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await page.getByTestId('snapshot-failed').getByText('The reinstall was not started').waitFor({ timeout: 15000 });
    await page.waitForTimeout(500);
    assert.equal(calls(proxy, 'ResetInstance').length, 0, 'nothing was erased');
    // Going on without a snapshot is an explicit choice that reopens the review.
    await page.getByRole('button', { name: 'Review again without a snapshot' }).click();
    const again = page.getByRole('alertdialog');
    assert.match(await again.getByTestId('plan-undo').textContent(), /cannot be undone/);
    assert.equal(calls(proxy, 'ResetInstance').length, 0);
  }));
