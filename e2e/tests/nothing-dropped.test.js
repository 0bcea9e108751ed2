// Nothing confirmed is dropped silently: leaving while the snapshot is taken asks first and
// keeps the plan for the tab (never its password); reopening says what happened, with
// "Review again" and "Delete the snapshot". Two tabs cannot both confirm; an offline Confirm
// is resolved once the network is back, without "Check again".
import { expect, test, openImages, seeStatuses, violations } from './fixtures.js';

test.use({ bypassCSP: true }); // lets the test inject axe-core; the product's CSP forbids it

const calls = (product, action) => product.accessLog().filter((line) => line.action === action);

async function confirmDebian(page, name, password = 'Kept-Plan-123') {
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/to confirm/).fill(name);
  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
}

test.describe(() => {
  test.use({ productOptions: { snapshotSeconds: 4 } });

  test('F5 while the snapshot is taken: asked first, then the reopened panel says what happened', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-db-01`);
    await confirmDebian(page, 'db-01');
    const status = page.getByTestId('snapshot-status');
    await status.getByText(/being taken \(CREATING\)/).waitFor();
    // The clock ticks beside the announced state, never inside it.
    const announced = await status.textContent();
    await page.waitForTimeout(1200);
    expect(await status.textContent(), 'no ticking timer in the live region').toBe(announced);

    let asked = null;
    page.once('dialog', (question) => { asked = question.type(); question.accept(); });
    await page.reload();
    expect(asked, 'the reload asked first').toBe('beforeunload');
    const kept = await page.evaluate(() => JSON.stringify(sessionStorage));
    expect(kept).toContain('before-reinstall-db-01');
    expect(kept.includes('Kept-Plan-123'), 'the password is never kept').toBe(false);

    const notice = page.getByTestId('interrupted');
    await notice.getByRole('heading', { name: 'A snapshot was taken for a reinstall that was not sent' }).waitFor({ timeout: 20000 });
    await expect(notice).toContainText(/nothing was erased/);
    await expect(notice).toContainText(/password was not kept/);
    await expect(notice.getByRole('button', { name: 'Delete the snapshot…' })).toBeVisible();
    expect(calls(product, 'ResetInstance').length, 'nothing was sent').toBe(0);
    expect(await violations(page), 'the reopened panel').toEqual([]);

    // Review again: the plan is back in the form, the password asked for again.
    await notice.getByRole('button', { name: 'Review again' }).click();
    await page.getByTestId('blocked').getByText(/type it again/).waitFor();
    await expect(page.getByTestId('chosen-image')).toHaveText('Debian 12');
    await expect(page.getByLabel('New password')).toHaveValue('');
    await expect(page.getByLabel('New password')).toBeFocused();
    await expect(page.getByTestId('spare-snapshot')).toContainText(/no new one is taken/);
    await page.getByLabel('New password').fill('Kept-Plan-456');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect(dialog.getByTestId('plan-undo')).toContainText(/is used: no new one is taken/);
    await dialog.getByLabel(/to confirm/).fill('db-01');
    await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    expect(calls(product, 'CreateSnapshot').length, 'one snapshot for the plan').toBe(1);
    expect(calls(product, 'ResetInstance').length).toBe(1);
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('.kept.')))).toEqual([]);
  });

  test('"← All instances" while the snapshot is taken: asked first; reopening offers to delete the snapshot', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-db-01`);
    await confirmDebian(page, 'db-01');
    await page.getByTestId('snapshot-status').getByText(/CREATING/).waitFor();
    let question = '';
    page.once('dialog', (dialog) => { question = dialog.message(); dialog.dismiss(); });
    await page.getByRole('button', { name: '← All instances' }).click();
    expect(question).toMatch(/confirmed but not started/);
    await expect(page.getByTestId('snapshot-progress'), 'declining stays').toBeVisible();
    page.once('dialog', (dialog) => dialog.accept());
    await page.getByRole('button', { name: '← All instances' }).click();
    await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Reinstall db-01' }).click();
    const notice = page.getByTestId('interrupted');
    await notice.getByRole('heading', { name: 'A snapshot was taken for a reinstall that was not sent' }).waitFor({ timeout: 20000 });
    await notice.getByRole('button', { name: 'Delete the snapshot…' }).click();
    const ask = page.getByRole('alertdialog');
    await expect(ask.getByRole('button', { name: 'Cancel' }), 'the first focus is not the irreversible action').toBeFocused();
    await ask.getByRole('button', { name: 'Delete snapshot' }).click();
    await notice.getByText(/deleted/).waitFor({ timeout: 15000 });
    await notice.getByRole('heading', { name: 'A confirmed reinstall was not sent' }).waitFor();
    expect(calls(product, 'DeleteSnapshots').length).toBe(1);
    expect(calls(product, 'ResetInstance').length).toBe(0);
    await notice.getByRole('button', { name: 'Start over' }).click();
    await expect(page.getByLabel('New password')).toHaveValue('');
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.includes('.kept.')))).toEqual([]);
  });
});

test('two tabs: once one confirms, the other cannot; a refusal is said in plain words', async ({ page, product }) => {
  const other = await page.context().newPage();
  for (const tab of [page, other]) {
    await tab.goto(`${product.base}/?instance=ins-build-01`);
    await tab.getByLabel('New password').fill('Two-Tabs-123');
    await tab.getByRole('button', { name: 'Review and reinstall' }).click();
    await tab.getByRole('alertdialog').getByLabel(/to confirm/).fill('build-runner');
  }
  await page.getByRole('alertdialog').getByRole('button', { name: 'Erase disk and reinstall' }).click();
  const second = other.getByRole('alertdialog');
  await second.getByTestId('plan-stale').getByText('The instance changed since you reviewed it.').waitFor();
  await expect(second.getByTestId('plan-stale')).toContainText(/Another tab of this browser confirmed a reinstall of build-runner/);
  await expect(second.getByRole('button', { name: 'Erase disk and reinstall' })).toBeDisabled();
  expect(await violations(other, 'dialog'), 'the stale dialog').toEqual([]);
  await second.getByRole('button', { name: 'Review again' }).click();
  await other.getByTestId('blocked').getByText(/Another tab of this browser is reinstalling build-runner/).waitFor();
  await expect(other.getByRole('alertdialog')).toHaveCount(0);
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  expect(calls(product, 'ResetInstance').length, 'exactly one reinstall').toBe(1);
  await other.close();
});

test('network back while a lookup is out: the lookups go on by themselves, no "Check again"', async ({ page, product }) => {
  // The reinstall's answer is lost; the lookups that follow fail (no network). The browser is
  // back online while the last automatic lookup is still out, and that lookup (sent before)
  // fails too. The next lookup must go by itself.
  let lost = false;
  let lookups = 0;
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/api/v2/zec', async (route) => {
    const action = route.request().headers()['x-zc-action'];
    if (action === 'ResetInstance') {
      lost = true;
      return route.abort('connectionreset');
    }
    if (action === 'DescribeInstances' && lost && ++lookups <= 3) {
      if (lookups === 3) await held;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  await page.goto(`${product.base}/?instance=ins-lab-01`);
  await page.getByLabel(/Snapshot the boot disk first/).uncheck();
  await page.getByLabel('New password').fill('Offline-Pass-7');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByRole('alertdialog').getByLabel(/to confirm/).fill('ins-lab-01');
  await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await page.getByTestId('resolving').waitFor();
  await expect.poll(() => lookups, { timeout: 15000 }).toBe(3);
  await page.context().setOffline(true);
  await page.context().setOffline(false); // the browser's `online` event, while lookup 3 is out
  await page.waitForTimeout(200);
  release();
  await page.getByTestId('not-started').getByText('The reinstall did not start').waitFor({ timeout: 15000 });
  expect(lookups, 'a fourth lookup went by itself').toBeGreaterThan(3);
  await expect(page.getByRole('button', { name: 'Check again' })).toHaveCount(0);
});
