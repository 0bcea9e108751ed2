// Fleets can be undone: every boot disk is snapshotted before anything is erased, one failed
// snapshot stops the whole batch, the finished table rolls back all or some instances and
// deletes the batch's snapshots, a reload resumes the table (never keeping the password)
// or, while the snapshots were taken, sends nothing and asks for a new review,
// the review shows the API request, and axe-core finds no violation on the fleet's views.
import { expect, test, violations } from './fixtures.js';
import { calls, describe, fixtureWith, planFor, reviewDebian, rowStatuses } from '../fleet.js';

const PASSWORD = 'Fleet-Pass-2026';

test.describe(() => {
  // cache-01's boot disk cannot be snapshotted (an emulator-only fixture flag).
  test.use({ productOptions: { reinstallSeconds: 2, fixture: fixtureWith({ 'ins-cache-01': { snapshotFails: true } }) } });
  test('one failed snapshot stops the batch before anything is erased; leaving it out is a new review', async ({ page, product }) => {
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner', 'cache-01']);
    const dialog = await reviewDebian(page, 3, PASSWORD);
    await dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' }).click();
    const failed = page.getByTestId('fleet-snapshots-failed');
    await expect(failed).toContainText('The reinstall was not started: the snapshot of cache-01 failed. Nothing was erased.', { timeout: 15000 });
    await expect(page.locator('tr[data-instance-id=ins-db-01] [data-testid=fleet-snapshot-status]')).toHaveText('AVAILABLE');
    await page.waitForTimeout(500);
    expect(calls(product, 'ResetInstances').length, 'nothing was erased').toBe(0);
    // The two choices: retry that snapshot, or leave the instance out.
    await expect(page.getByRole('button', { name: 'Retry the snapshot of cache-01' })).toBeVisible();
    await failed.getByRole('button', { name: 'Leave out cache-01 and review again' }).click();
    const again = page.getByRole('alertdialog');
    await expect(again.getByTestId('fleet-review-instances')).toHaveText(/^db-01 ins-db-01\s*build-runner ins-build-01$/);
    expect(calls(product, 'ResetInstances').length, 'leaving out is reviewed first').toBe(0);
    await again.getByLabel(/to confirm/).fill('2');
    await again.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await rowStatuses(page, ['ins-db-01', 'ins-build-01'], '0 in progress · 2 running · 0 failed');
    expect(calls(product, 'ResetInstances').map((line) => line.instance)).toEqual(['ins-db-01,ins-build-01']);
    // The snapshots already taken are used, not taken twice.
    const created = calls(product, 'CreateSnapshot').map((line) => line.instance);
    expect(created.filter((disk) => disk !== 'disk-cache-01').sort()).toEqual(['disk-build-01', 'disk-db-01']);
  });
});

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 3 } });
  test('a reload resumes the table without the password; one instance, then the rest, rolled back; snapshots deleted', async ({ page, product }) => {
    page.on('dialog', (question) => question.accept()); // "Leave?" before the reload
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner']);
    const dialog = await reviewDebian(page, 2, PASSWORD);
    await dialog.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await page.getByTestId('fleet-table').waitFor({ timeout: 15000 });
    await page.reload();
    await page.getByTestId('fleet-table').waitFor({ timeout: 15000 });
    const kept = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    expect(kept, 'the batch is kept for the tab').toContain('ins-build-01');
    expect(kept, 'never the password').not.toContain(PASSWORD);
    await rowStatuses(page, ['ins-db-01', 'ins-build-01'], '0 in progress · 2 running · 0 failed');
    expect(calls(product, 'ResetInstances').length, 'the reload sent nothing again').toBe(1);

    // Selected: db-01 only, powered off first by the one power-off machine.
    await page.getByLabel('Roll back db-01').check();
    await page.getByRole('button', { name: 'Roll back 1 instance…' }).click();
    const ask = page.getByRole('alertdialog');
    await expect(ask).toContainText(/The boot disks of db-01 return to how they were/);
    await ask.getByRole('button', { name: 'Roll back 1 instance', exact: true }).click();
    await page.getByTestId('fleet-totals').getByText('0 in progress · 1 running · 0 failed · 1 rolled back').waitFor({ timeout: 30000 });
    expect((await describe(product, 'ins-db-01')).imageName, 'db-01 has its image of before').toBe('Rocky Linux 9.4');
    expect(calls(product, 'StopInstances').map((line) => line.instance)).toEqual(['ins-db-01']);
    expect(calls(product, 'ApplySnapshot').length).toBe(1);

    // All: what is left to roll back (build-01).
    await page.getByRole('button', { name: 'Roll back all…' }).click();
    await expect(page.getByRole('alertdialog')).toContainText(/The boot disks of build-runner return/);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Roll back 1 instance', exact: true }).click();
    await page.getByTestId('fleet-totals').getByText('0 in progress · 0 running · 0 failed · 2 rolled back').waitFor({ timeout: 30000 });
    expect(calls(product, 'ApplySnapshot').length).toBe(2);

    await page.getByRole('button', { name: "Delete the batch's 2 snapshots…" }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete 2 snapshots' }).click();
    await expect(page.getByTestId('fleet-undo-mark').filter({ hasText: 'Snapshot deleted' })).toHaveCount(2, { timeout: 15000 });
    expect(calls(product, 'DeleteSnapshots').length).toBeGreaterThan(0);
    expect(calls(product, 'ResetInstances').length, 'nothing was reinstalled again').toBe(1);
  });
});

test.describe(() => {
  test.use({ bypassCSP: true, productOptions: { reinstallSeconds: 2 } }); // lets the test inject axe-core
  test('Show API request, messages on leaving a field, and axe-core: no violations on the plan, the review, the snapshots, the table and its dialogs', async ({ page, product }) => {
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner', 'web-02']);
    // web-02 is running: the plan asks to power it off first.
    await page.getByRole('button', { name: 'Power off 1 instance…' }).click();
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Power off 1 instance', exact: true }).click();
    await page.getByTestId('fleet-blockers').waitFor({ state: 'hidden', timeout: 15000 });
    // No message before any input; the password's shows once the field is left.
    const messages = page.locator('.zec-fleet .zec-field-error:not(:empty)');
    await expect(messages).toHaveCount(0);
    await page.getByLabel('New password').fill('ab');
    await expect(messages, 'not while typing').toHaveCount(0);
    await page.getByLabel('Time zone').focus();
    await expect(messages).toHaveCount(1);
    expect(await violations(page)).toEqual([]);
    const dialog = await reviewDebian(page, 3, PASSWORD);
    await dialog.getByText('Show API request').click();
    const body = JSON.parse(await dialog.getByTestId('fleet-api-body').textContent());
    expect(body.instanceIds).toEqual(['ins-db-01', 'ins-build-01', 'ins-web-02']);
    expect(body.password).toBe('********');
    const curl = await dialog.getByTestId('fleet-api-curl').textContent();
    expect(curl).toContain(`${product.base}/api/v2/zec -H 'X-ZC-Action: ResetInstances'`);
    const python = await dialog.getByTestId('fleet-api-python').textContent();
    expect(python).toContain('request = models.ResetInstancesRequest()');
    expect(python).toContain('request.instanceIds = ["ins-db-01","ins-build-01","ins-web-02"]');
    expect(await dialog.textContent(), 'the password is never shown').not.toContain(PASSWORD);
    expect(await violations(page, '[role=alertdialog]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' }).click();
    await page.getByTestId('fleet-snapshots').waitFor();
    expect(await violations(page)).toEqual([]);
    await page.getByTestId('fleet-totals').getByText('0 in progress · 3 running · 0 failed').waitFor({ timeout: 30000 });
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Roll back all…' }).click();
    expect(await violations(page, '[role=alertdialog]')).toEqual([]);
  });
});

test.describe(() => {
  test.use({ productOptions: { snapshotSeconds: 4 } });
  test('a reload while the snapshots are taken sends nothing and asks for a new review, the password asked again', async ({ page, product }) => {
    page.on('dialog', (question) => question.accept()); // "Leave anyway?"
    await page.goto(product.base);
    await planFor(page, ['db-01', 'build-runner']);
    const dialog = await reviewDebian(page, 2, PASSWORD);
    await dialog.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await page.getByTestId('fleet-snapshots').waitFor();
    await expect.poll(() => calls(product, 'CreateSnapshot').length).toBe(2);
    await page.reload();
    const interrupted = page.getByTestId('fleet-interrupted');
    await expect(interrupted).toContainText('nothing was erased and the reinstall was not sent');
    await interrupted.getByRole('button', { name: 'Review again' }).click({ timeout: 15000 });
    await page.getByRole('heading', { name: 'Reinstall 2 instances with one plan' }).waitFor();
    await expect(page.getByTestId('fleet-images').getByLabel('Debian 12'), 'the plan is kept').toBeChecked();
    await expect(page.getByLabel('New password'), 'the password never was').toHaveValue('');
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Review the reinstall of 2 instances' }).click();
    const again = page.getByRole('alertdialog');
    await again.getByLabel(/to confirm/).fill('2');
    await again.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
    await rowStatuses(page, ['ins-db-01', 'ins-build-01'], '0 in progress · 2 running · 0 failed');
    expect(calls(product, 'CreateSnapshot').length, 'the snapshots taken are used').toBe(2);
    expect(calls(product, 'ResetInstances').length).toBe(1);
  });
});
