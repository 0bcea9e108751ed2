// Moving around: Back and Forward move between the list, a panel and the fleet's views (and
// ask first where changes are unsent), every view change puts the focus on its heading,
// dialogs keep their title and buttons in view on a laptop and a phone, the power-off
// dialog never opens on Force, and the narrow list labels its values.
import { expect, test, openImages, seeStatuses, violations } from './fixtures.js';
import { planFor, reviewDebian } from '../fleet.js';

const focusedText = (page) => page.evaluate(() => document.activeElement?.textContent?.trim());

test.use({ bypassCSP: true }); // lets the test inject axe-core; the product's CSP forbids it

test('Back and Forward move between the list, a panel and the fleet plan; unsent changes ask first', async ({ page, product }) => {
  await page.goto(product.base);
  await page.getByRole('button', { name: 'Reinstall web-01' }).click();
  await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
  expect(new URL(page.url()).searchParams.get('instance')).toBe('ins-web-01');
  await page.goBack();
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  expect(page.url()).toBe(`${product.base}/`);
  await page.goForward();
  await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
  await expect(page.getByRole('heading', { name: 'Reinstall web-01' })).toBeFocused();

  // A change not sent: Back asks; declining keeps the panel, its entry and what was typed.
  await page.getByLabel('Instance name').fill('web-01-new');
  let question = '';
  page.once('dialog', (dialog) => { question = dialog.message(); dialog.dismiss(); });
  await page.goBack();
  await expect.poll(() => question).toMatch(/not sent/);
  await expect(page.getByLabel('Instance name')).toHaveValue('web-01-new');
  expect(new URL(page.url()).searchParams.get('instance')).toBe('ins-web-01');
  page.once('dialog', (dialog) => dialog.accept());
  await page.goBack();
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();

  // The fleet's plan is an entry too; Back keeps the selection, and the heading has the focus.
  await page.getByLabel('Select db-01', { exact: true }).check();
  await page.getByRole('button', { name: 'Reinstall 1 selected…' }).click();
  const plan = page.getByRole('heading', { name: 'Reinstall 1 instance with one plan' });
  await expect(plan).toBeFocused();
  expect(new URL(page.url()).searchParams.get('view')).toBe('fleet-plan');
  expect(await violations(page), 'fleet plan').toEqual([]);
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'Instances', exact: true })).toBeFocused();
  await page.getByTestId('selected-count').filter({ hasText: /^1 selected$/ }).waitFor();
  await page.goForward();
  await expect(plan).toBeFocused();
  await expect(page.getByLabel('Select db-01', { exact: true }), 'the plan replaced the list').toHaveCount(0);
});

test('the fleet table: focus on its heading, Back asks while it runs, calls named readably', async ({ page, product }) => {
  await page.goto(product.base);
  await expect(page.getByRole('button', { name: /Reinstall 0 selected/ }), 'nothing to reinstall').toHaveCount(0);
  await planFor(page, ['db-01', 'build-runner']);
  const dialog = await reviewDebian(page, 2, 'Fleet-Nav-2026');
  await dialog.getByRole('button', { name: 'Erase 2 disks and reinstall' }).click();
  // The snapshots first, then the batch's table in the same history entry: the table's
  // heading gets the focus when it replaces the snapshots.
  await expect(page.getByRole('heading', { name: /Reinstalling 2 instances with Debian 12/ })).toBeFocused({ timeout: 30000 });
  expect(new URL(page.url()).searchParams.get('view')).toBe('fleet-batch');
  await expect(page.locator('.zec-chunk')).toContainText('ResetInstances call for 2 instances');
  expect(await violations(page), 'fleet table').toEqual([]);
  let question = '';
  page.once('dialog', (dialog) => { question = dialog.message(); dialog.dismiss(); });
  await page.goBack();
  await expect.poll(() => question).toMatch(/go on without this page/);
  await expect(page.getByTestId('fleet-table')).toBeVisible();
  await page.getByTestId('fleet-totals').getByText('0 in progress · 2 running · 0 failed').waitFor({ timeout: 30000 });
  await page.goBack(); // finished: nothing to ask
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
});

for (const [width, height] of [[1280, 800], [375, 740]]) {
  test(`dialogs fit at ${width}×${height}: title and buttons in view, the body scrolls`, async ({ page, product }) => {
    await page.setViewportSize({ width, height });
    await page.goto(`${product.base}/?instance=ins-web-01`);
    await openImages(page);
    await page.getByLabel('Generic Linux').check();
    await page.getByLabel(/User data/).fill('#cloud-config\nssh_authorized_keys: []\n' + '# a comment\n'.repeat(40));
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    // The lockout guard: an empty key list leaves no way in.
    await expect(dialog.getByTestId('plan-warnings')).toContainText(/ssh_authorized_keys list of the image's default user is empty/);
    const title = await dialog.getByRole('heading', { name: 'Erase the boot disk and reinstall?' }).boundingBox();
    const send = await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).boundingBox();
    expect(title.y, 'the title is in view').toBeGreaterThanOrEqual(0);
    expect(send.y + send.height, 'the buttons are in view').toBeLessThanOrEqual(height);
    await expect(dialog.getByLabel(/to confirm/)).toBeFocused();
    const body = dialog.locator('.zec-dialog-body');
    expect(await body.evaluate((el) => el.scrollHeight > el.clientHeight), 'the body scrolls').toBe(true);
    expect(await body.evaluate((el) => el.scrollTop)).toBe(0);
    await dialog.getByLabel(/to confirm/).fill('web-01');
    await expect(dialog.getByRole('button', { name: 'Erase disk and reinstall' }), 'not without the acknowledgement').toBeDisabled();
    await dialog.getByLabel(/I have another way in/).check();
    await expect(dialog.getByRole('button', { name: 'Erase disk and reinstall' })).toBeEnabled();
    expect(await violations(page, 'dialog'), 'review dialog').toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The power-off dialog opens on Cancel, never on Force, and fits too.
    await page.goto(`${product.base}/?instance=ins-web-02`);
    await page.getByRole('button', { name: 'Power off…' }).click();
    const ask = page.getByRole('alertdialog');
    await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const power = await ask.getByRole('button', { name: 'Power off', exact: true }).boundingBox();
    expect(power.y + power.height).toBeLessThanOrEqual(height);
    if (width < 640) {
      await ask.getByRole('button', { name: 'Cancel' }).click();
      await page.goto(product.base);
      const zone = page.locator('tr[data-instance-id=ins-web-01] td[data-label=Zone]');
      expect(await zone.evaluate((el) => getComputedStyle(el, '::before').content), 'labelled values').toBe('"Zone: "');
    }
  });
}

test('a protected instance\'s panel: why at the top, nothing the proxy refuses, no axe violation', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-mon-01`);
  await page.getByRole('heading', { name: 'Reinstall monitoring' }).waitFor();
  const why = page.locator('.zec-panel-header').getByTestId('protected');
  await expect(why).toContainText(/Protected: .*refused here/);
  await page.getByText('Snapshots of the boot disk', { exact: true }).waitFor();
  await expect(page.getByRole('button', { name: /Power off|Review|Roll back|Delete/ })).toHaveCount(0);
  expect(await violations(page), 'protected panel').toEqual([]);
});

test('focus after "I have saved it", and the live region says states, not STOPPED', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-build-01`);
  await page.getByLabel(/Snapshot the boot disk first/).uncheck();
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByRole('alertdialog').getByLabel(/to confirm/).fill('build-runner');
  await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  const said = [];
  const announcement = page.getByTestId('announcement');
  await announcement.waitFor({ state: 'attached' });
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline) {
    const text = await announcement.textContent();
    if (said.at(-1) !== text) said.push(text);
    if (text.startsWith('Reinstall finished')) break;
    await page.waitForTimeout(100);
  }
  expect(said.some((text) => /STOPPED|Powered off/.test(text)), said.join(' | ')).toBe(false);
  expect(said.at(-1)).toBe('Reinstall finished: the instance is running.');
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByRole('heading', { name: 'Reinstall status' })).toBeFocused();
  expect(await focusedText(page)).toBe('Reinstall status');
});
