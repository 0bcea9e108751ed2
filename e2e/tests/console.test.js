// The console in real Chromium, against the release build served by the proxy on the
// embedded emulator, driven the way a person uses it.
import { expect, test, openImages, seeStatuses, usePassword } from './fixtures.js';

async function reviewAndConfirm(page, name) {
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const confirm = page.getByRole('button', { name: 'Erase disk and reinstall' });
  await expect(confirm, 'disabled until the name is typed').toBeDisabled();
  await page.getByLabel(/to confirm/).fill(name);
  await confirm.click();
}

test('happy path: a stopped instance gets another image and a generated password', async ({ page, product }) => {
  await page.goto(product.base);
  await page.getByRole('button', { name: 'Reinstall web-01' }).click();
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await usePassword(page);
  await page.getByRole('button', { name: 'Generate' }).click();
  const password = await page.getByLabel('New password').inputValue();
  expect(password).toMatch(/^[A-Za-z0-9`~!@$^*\-_=+]{16}$/);
  await reviewAndConfirm(page, 'web-01');
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  await page.getByTestId('result').getByText('Reinstall complete').waitFor();
  await expect(page.getByTestId('result')).toContainText(/running Debian 12/);
  // The login is handed over: the address, the command, the generated password until saved.
  const handover = page.getByTestId('handover');
  await expect(handover).toContainText(/ssh root@128\.1\.40\.11/);
  expect((await page.getByTestId('generated-password').textContent()).includes(password), 'the generated password is shown').toBeTruthy();
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByTestId('generated-password')).toHaveCount(0);
  // The header is re-read: it shows the new image.
  await page.getByTestId('current-image').getByText('Debian 12').waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
  const row = page.locator('tr[data-instance-id=ins-web-01]');
  await row.getByText('Debian 12').waitFor();
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'RUNNING');
  await expect(row).toContainText(/Running/);
  // The password never left the browser except in the signed API call.
  expect(!JSON.stringify(product.accessLog()).includes(password)).toBeTruthy();
});

test('power-off path: a running instance is powered off from the panel, then reinstalled', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-web-02`);
  await page.getByText('Reinstall is unavailable while the status is Running').waitFor();
  const submit = page.locator('button[type=submit]');
  await expect(submit).toBeDisabled();
  await page.getByRole('button', { name: 'Power off…' }).click();
  const ask = page.getByRole('alertdialog');
  await ask.getByText('Powering web-02 off stops its services').waitFor();
  await expect(ask.getByLabel(/Force power-off/), 'force is off by default').not.toBeChecked();
  await ask.getByLabel(/Force power-off/).check();
  await ask.getByRole('button', { name: 'Power off', exact: true }).click();
  await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 15000 });
  await expect(submit).toBeEnabled();
  await page.getByRole('radio', { name: 'SSH key pair' }).check();
  await page.getByLabel('SSH key pair to install').selectOption('key-ci');
  await reviewAndConfirm(page, 'web-02');
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  await expect(page.getByTestId('result')).toContainText(/SSH key pair ci-deploy/);
  const actions = product.accessLog().map((line) => line.action);
  expect(actions.includes('StopInstances') && actions.includes('ResetInstance')).toBeTruthy();
});

test('failure path: the image that fails to install ends in REINSTALL_FAILED with the request id', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-cache-01`);
  await openImages(page);
  await page.getByLabel('Arch Linux (rolling)').check();
  await page.getByLabel('New password').fill('Fail-Path-9');
  await reviewAndConfirm(page, 'cache-01');
  await seeStatuses(page, page, ['DEPLOYING', 'REINSTALL_FAILED']);
  const shown = (await page.getByTestId('request-id').textContent()).trim();
  const reset = product.accessLog().find((line) => line.action === 'ResetInstance');
  expect(shown, 'the request id of the ResetInstance call').toBe(reset.request_id);
  await expect(page.getByTestId('result')).toContainText(/failed/);
});

test('rules: an invalid password and a too-short name show their messages and nothing is sent', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-db-01`);
  await page.getByLabel('New password').fill('abc#1234');
  await page.getByLabel(/Instance name/).fill('x');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByRole('button', { name: 'Fix to continue: Password, Instance name' }).waitFor();
  const password = page.getByLabel('New password');
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  const passwordMessage = await page.locator(`#${(await password.getAttribute('aria-describedby')).split(' ')[0]}`).textContent();
  expect(passwordMessage).toMatch(/no characters other than letters/);
  const name = page.getByLabel(/Instance name/);
  const nameMessage = await page.locator(`#${(await name.getAttribute('aria-describedby')).split(' ')[0]}`).textContent();
  expect(nameMessage).toMatch(/2–63 characters/);
  await expect(page.locator('.zec-dialog')).toHaveCount(0);
  await page.waitForTimeout(300);
  const sent = product.accessLog().filter((line) => line.action === 'ResetInstance');
  expect(sent, 'no ResetInstance reached the proxy').toEqual([]);
});

test('keyboard: the flow works without a mouse; Escape closes only the dialog', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-build-01`);
  await page.getByLabel('New password').focus();
  await page.keyboard.type('Kb-Only-1234');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  expect(await page.evaluate(() => document.activeElement.id.endsWith('confirm-input')), 'focus is in the dialog').toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  // Moved on the next frame after the dialog leaves the page.
  await expect.poll(() => page.evaluate(() => document.activeElement.type), { message: 'focus returns to the review button', timeout: 1000 }).toBe('submit');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(200);
  await page.getByRole('heading', { name: 'Reinstall build-runner' }).waitFor();
  await expect(page.getByLabel('New password'), 'nothing typed is lost').toHaveValue('Kb-Only-1234');
});
