// An undo for reinstall: the boot disk is snapshotted first, the reinstall can be rolled back
// in one click, and a snapshot that fails stops the reinstall before anything is erased.
import { expect, test, openImages, seeStatuses } from './fixtures.js';

/** DescribeInstances through the proxy, as any API client would call it. */
async function describe(product, instanceId) {
  const answer = await fetch(`${product.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'DescribeInstances' },
    body: JSON.stringify({ instanceIds: [instanceId] }),
  });
  return (await answer.json()).response.dataSet[0];
}

/** A date and time as Intl writes it for `en` ("Nov 29, 2026, 5:33 AM"). */
const WHEN = String.raw`[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M`;
const calls = (product, action) => product.accessLog().filter((line) => line.action === action);

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 2 } });
  test('snapshot first, reinstall, then roll back: the original image is back', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-db-01`);
    await openImages(page);
    await page.getByLabel('AlmaLinux 9.4').check();
    await page.getByLabel('New password').fill('Undo-Pass-123');
    await expect(page.getByLabel(/Snapshot the boot disk first/), 'on by default').toBeChecked();
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByTestId('plan-undo')).toContainText(/before-reinstall-db-01-\d{8}T\d{4}Z\).*restored from it until \d{4}-\d{2}-\d{2}/);
    await dialog.getByLabel(/to confirm/).fill('db-01');
    await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await page.getByTestId('snapshot-status').getByText(/AVAILABLE|CREATING|requested/).waitFor();
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    expect((await describe(product, 'ins-db-01')).imageName).toBe('AlmaLinux 9.4');
    const create = calls(product, 'CreateSnapshot');
    const reset = calls(product, 'ResetInstance');
    expect(create.length).toBe(1);
    expect(reset.length).toBe(1);

    // Dates and times by the browser's Intl, with the date, in the user's time zone.
    await page.getByRole('button', { name: new RegExp(`^Roll back to the snapshot of ${WHEN}$`) }).click();
    const ask = page.getByRole('alertdialog');
    await ask.getByText(/it is powered off first/).waitFor();
    await ask.getByRole('button', { name: 'Roll back' }).click();
    await page.getByTestId('undo-status').getByText(/Rolled back to before-reinstall-db-01/).waitFor({ timeout: 30000 });
    const after = await describe(product, 'ins-db-01');
    expect(after.imageName, 'DescribeInstances shows the original image again').toBe('Rocky Linux 9.4');
    await page.getByTestId('current-image').getByText('Rocky Linux 9.4').waitFor();
    // The timeline no longer shows the reinstall's steps green beside a powered-off instance.
    await page.getByRole('heading', { name: 'Reinstall rolled back' }).waitFor();
    await expect(page.getByTestId('step-rolled-back')).toBeVisible();
    await expect(page.locator('.zec-step-done', { hasText: 'Running' })).toHaveCount(0);
    await expect(page.locator('.zec-step-undone', { hasText: 'Running' })).toHaveCount(1);
    expect(calls(product, 'ApplySnapshot').length).toBe(1);
    expect(calls(product, 'StopInstances').length, 'powered off before the rollback').toBe(1);
    // Reopened, the panel's snapshot list writes dates the same way.
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Reinstall db-01' }).click();
    await page.getByText('Snapshots of the boot disk', { exact: true }).click();
    const list = page.getByTestId('snapshot-list');
    // The retention time is the API's UTC, and says so.
    await expect(list).toContainText(new RegExp(`taken ${WHEN} · ready \\(AVAILABLE\\) · kept until ${WHEN} UTC`));
    await expect(list).not.toContainText(/\dT\d{2}:\d{2}:\d{2}Z/);
  });
});

test('a snapshot that fails stops the reinstall from being sent', async ({ page, product }) => {
  // ins-win-02 is RUNNING and its disk's snapshots fail in the emulator's fixture.
  await page.goto(`${product.base}/?instance=ins-win-02`);
  await page.getByRole('button', { name: 'Power off…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Power off', exact: true }).click();
  await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 15000 });
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/to confirm/).fill('win-ad-01');
  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await page.getByTestId('snapshot-failed').getByText('The reinstall was not started').waitFor({ timeout: 15000 });
  await page.waitForTimeout(500);
  expect(calls(product, 'ResetInstance').length, 'nothing was erased').toBe(0);
  // Going on without a snapshot is an explicit choice that reopens the review.
  await page.getByRole('button', { name: 'Review again without a snapshot' }).click();
  const again = page.getByRole('alertdialog');
  await expect(again.getByTestId('plan-undo')).toContainText(/cannot be undone/);
  expect(calls(product, 'ResetInstance').length).toBe(0);
});
