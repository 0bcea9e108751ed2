// Know before you erase: the form starts from the instance, the dialog says what changes and
// what is kept, a plan with no way in needs an acknowledgement, the API request shown is the
// one sent, and axe-core finds no accessibility violation.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test, openImages, seeStatuses, usePassword, violations } from './fixtures.js';

const builtin = resolve(import.meta.dirname, '..', '..', 'crates', 'zec-emulator', 'fixtures', 'default.json');

async function review(page) {
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  return dialog;
}

/** The built-in fixture with QGA on for db-01 (the only instance with it is protected). */
function fixtureWithAgent(instanceId) {
  const fixture = JSON.parse(readFileSync(builtin, 'utf8'));
  fixture.instances.find((i) => i.instanceId === instanceId).enableAgent = true;
  const path = join(mkdtempSync(join(tmpdir(), 'zec-agent-')), 'fixture.json');
  writeFileSync(path, JSON.stringify(fixture));
  return path;
}

test.describe(() => {
  test.use({ productOptions: { fixture: fixtureWithAgent('ins-db-01') } });
  test('prefilled: an instance with QGA on keeps it on', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-db-01`);
    await expect(page.getByLabel('Enable the QEMU guest agent (QGA)')).toBeChecked();
  });
});

test('prefilled: an instance with a key keeps its key', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-web-01`);
  await expect(page.getByRole('radio', { name: 'SSH key pair' })).toBeChecked();
  await expect(page.getByLabel('SSH key pair to install')).toHaveValue('key-laptop');
  await expect(page.getByLabel('Instance name')).toHaveValue('web-01');
  await expect(page.getByTestId('chosen-image')).toContainText(/Ubuntu 22\.04 LTS \(current\)/);
  // Switching to a password says the key stops working.
  await usePassword(page);
  await expect(page.getByTestId('key-stops-working')).toContainText(/ops-laptop stops working/);
});

test('the dialog lists what changes and what is kept, including the IP address and data disk', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-db-01`);
  await page.getByLabel('New password').fill('Kept-Pass-123');
  await page.getByLabel('Instance name').fill('db-01-new');
  const dialog = await review(page);
  const kept = await dialog.getByTestId('plan-kept').textContent();
  expect(kept).toMatch(/128\.1\.40\.20/);
  expect(kept).toMatch(/db-01-data \(500 GiB\)/);
  const changed = await dialog.locator('tr.zec-changed th').allTextContents();
  expect(changed).toEqual(['Login', 'Name']);
});

test('a Generic image without user data cannot be confirmed until "I have another way in"', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-web-01`);
  await openImages(page);
  await page.getByLabel('Generic Linux').check();
  const dialog = await review(page);
  await expect(dialog.getByTestId('plan-warnings')).toContainText(/Nothing in this plan lets anyone log in/);
  await dialog.getByLabel(/to confirm/).fill('web-01');
  const send = dialog.getByRole('button', { name: 'Erase disk and reinstall' });
  await expect(send, 'the name alone is not enough').toBeDisabled();
  await dialog.getByLabel('I have another way in').check();
  await expect(send).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  // A user whose only credential is a password lock_passwd locks: no way in either.
  await page.getByLabel(/User data/).fill('#cloud-config\nusers:\n  - name: ops\n    lock_passwd: true\n    plain_text_passwd: S3cret-pass\n');
  const locked = await review(page);
  await expect(locked.getByTestId('plan-warnings')).toContainText(/the password of ops is locked/);
  await locked.getByLabel(/to confirm/).fill('web-01');
  await expect(locked.getByRole('button', { name: 'Erase disk and reinstall' })).toBeDisabled();
  await expect(locked.getByLabel('I have another way in')).not.toBeChecked();
  await locked.getByRole('button', { name: 'Cancel' }).click();
  // With the password unlocked, the user data sets up a way in: nothing to acknowledge.
  await page.getByLabel(/User data/).fill('#cloud-config\nusers:\n  - name: ops\n    lock_passwd: false\n    plain_text_passwd: S3cret-pass\n');
  const open = await review(page);
  await expect(open.getByTestId('plan-login')).toContainText(/ops with a password, at the console/);
  await expect(open.getByLabel('I have another way in')).toHaveCount(0);
  await open.getByRole('button', { name: 'Cancel' }).click();
  expect(product.accessLog().filter((line) => line.action === 'ResetInstance').length).toBe(0);
});

test('"Show API request" shows the body that is sent, with the password masked', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-db-01`);
  await openImages(page);
  await page.getByLabel('AlmaLinux 9.4').check();
  await page.getByLabel('New password').fill('Shown-Pass-9');
  await page.getByLabel('Time zone').fill('europe/berlin');
  const dialog = await review(page);
  await dialog.getByText('Show API request').click();
  const shown = JSON.parse(await dialog.getByTestId('api-body').textContent());
  expect(shown.password).toBe('********');
  await expect(dialog.getByTestId('api-curl')).toContainText(/X-ZC-Action: ResetInstance/);
  await expect(dialog).not.toContainText(/Shown-Pass-9/);
  await dialog.getByLabel(/to confirm/).fill('db-01');
  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, page, ['DEPLOYING']);
  const [logged] = product.accessLog().filter((line) => line.action === 'ResetInstance');
  expect({ instanceId: logged.instance, imageId: logged.image_id, timezone: logged.timezone, enableAgent: logged.enable_agent, password: logged.password_given }).toEqual({ instanceId: shown.instanceId, imageId: shown.imageId, timezone: shown.timezone, enableAgent: shown.enableAgent, password: true });
  expect(shown.timezone, 'the listed spelling is sent').toBe('Europe/Berlin');
});

test.describe(() => {
  test.use({ bypassCSP: true }); // lets the test inject axe-core; the product's CSP forbids it
  test('axe-core: no violations on the list, the panel, the dialog and the widget', async ({ page, product }) => {
    await page.goto(product.base);
    await page.getByRole('button', { name: 'Reinstall web-01' }).waitFor();
    expect(await violations(page), 'instance list').toEqual([]);
    await page.getByRole('button', { name: 'Reinstall db-01' }).click();
    await page.getByLabel('New password').waitFor();
    await openImages(page);
    expect(await violations(page), 'reinstall panel').toEqual([]);
    await page.getByLabel('New password').fill('Axe-Pass-123');
    await review(page);
    await page.getByText('Show API request').click();
    expect(await violations(page, 'dialog'), 'review dialog').toEqual([]);
    await page.goto(`${product.base}/embed.html`);
    await page.locator('#widget-a').getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await page.locator('#widget-b').getByRole('heading', { name: 'Instances', exact: true }).waitFor();
    expect(await violations(page), 'widgets in a portal page').toEqual([]);
  });
});
