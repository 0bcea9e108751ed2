// The console in real Chromium, against the release build served by the proxy on the
// embedded emulator, driven the way a person uses it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImages, seeStatuses, usePassword, withProduct } from './harness.js';

async function reviewAndConfirm(page, name) {
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const confirm = page.getByRole('button', { name: 'Erase disk and reinstall' });
  assert.equal(await confirm.isDisabled(), true, 'disabled until the name is typed');
  await page.getByLabel(/to confirm/).fill(name);
  await confirm.click();
}

test('happy path: a stopped instance gets another image and a generated password', () =>
  withProduct('happy-path', {}, async (page, proxy) => {
    await page.goto(proxy.base);
    await page.getByRole('button', { name: 'Reinstall web-01' }).click();
    await openImages(page);
    await page.getByLabel('Debian 12').check();
    await usePassword(page);
    await page.getByRole('button', { name: 'Generate' }).click();
    const password = await page.getByLabel('New password').inputValue();
    assert.match(password, /^[A-Za-z0-9`~!@$^*\-_=+]{16}$/);
    await reviewAndConfirm(page, 'web-01');
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    await page.getByTestId('result').getByText('Reinstall complete').waitFor();
    assert.match(await page.getByTestId('result').textContent(), /running Debian 12/);
    // The login is handed over: the address, the command, the generated password until saved.
    const handover = page.getByTestId('handover');
    assert.match(await handover.textContent(), /ssh root@128\.1\.40\.11/);
    assert.ok((await page.getByTestId('generated-password').textContent()).includes(password), 'the generated password is shown');
    await page.getByRole('button', { name: 'I have saved it' }).click();
    assert.equal(await page.getByTestId('generated-password').count(), 0);
    // The header is re-read: it shows the new image.
    await page.getByTestId('current-image').getByText('Debian 12').waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    const row = page.locator('tr[data-instance-id=ins-web-01]');
    await row.getByText('Debian 12').waitFor();
    assert.match(await row.textContent(), /RUNNING/);
    // The password never left the browser except in the signed API call.
    assert.ok(!JSON.stringify(proxy.accessLog()).includes(password));
  }));

test('power-off path: a running instance is powered off from the panel, then reinstalled', () =>
  withProduct('power-off', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-web-02`);
    await page.getByText('Reinstall is unavailable: the instance is RUNNING').waitFor();
    const submit = page.locator('button[type=submit]');
    assert.equal(await submit.isDisabled(), true);
    await page.getByRole('button', { name: 'Power off…' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.getByText('web-02 is RUNNING: powering it off stops its services').waitFor();
    assert.equal(await ask.getByLabel(/Force power-off/).isChecked(), false, 'force is off by default');
    await ask.getByLabel(/Force power-off/).check();
    await ask.getByRole('button', { name: 'Power off', exact: true }).click();
    await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 15000 });
    assert.equal(await submit.isDisabled(), false);
    await page.getByRole('radio', { name: 'SSH key pair' }).check();
    await page.getByLabel('SSH key pair to install').selectOption('key-ci');
    await reviewAndConfirm(page, 'web-02');
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    assert.match(await page.getByTestId('result').textContent(), /SSH key pair ci-deploy/);
    const actions = proxy.accessLog().map((line) => line.action);
    assert.ok(actions.includes('StopInstances') && actions.includes('ResetInstance'));
  }));

test('failure path: the image that fails to install ends in REINSTALL_FAILED with the request id', () =>
  withProduct('failure-path', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-cache-01`);
    await openImages(page);
    await page.getByLabel('Arch Linux (rolling)').check();
    await page.getByLabel('New password').fill('Fail-Path-9');
    await reviewAndConfirm(page, 'cache-01');
    await seeStatuses(page, page, ['DEPLOYING', 'REINSTALL_FAILED']);
    const shown = (await page.getByTestId('request-id').textContent()).trim();
    const reset = proxy.accessLog().find((line) => line.action === 'ResetInstance');
    assert.equal(shown, reset.request_id, 'the request id of the ResetInstance call');
    assert.match(await page.getByTestId('result').textContent(), /failed/);
  }));

test('rules: an invalid password and a too-short name show their messages and nothing is sent', () =>
  withProduct('rules', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await page.getByLabel('New password').fill('abc#1234');
    await page.getByLabel(/Instance name/).fill('x');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    await page.getByRole('button', { name: 'Fix to continue: Password, Instance name' }).waitFor();
    const password = page.getByLabel('New password');
    assert.equal(await password.getAttribute('aria-invalid'), 'true');
    const passwordMessage = await page.locator(`#${(await password.getAttribute('aria-describedby')).split(' ')[0]}`).textContent();
    assert.match(passwordMessage, /no characters other than letters/);
    const name = page.getByLabel(/Instance name/);
    const nameMessage = await page.locator(`#${(await name.getAttribute('aria-describedby')).split(' ')[0]}`).textContent();
    assert.match(nameMessage, /2–63 characters/);
    assert.equal(await page.locator('.zec-dialog').count(), 0);
    await page.waitForTimeout(300);
    const sent = proxy.accessLog().filter((line) => line.action === 'ResetInstance');
    assert.deepEqual(sent, [], 'no ResetInstance reached the proxy');
  }));

test('keyboard: the flow works without a mouse; Escape closes only the dialog', () =>
  withProduct('keyboard', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-build-01`);
    await page.getByLabel('New password').focus();
    await page.keyboard.type('Kb-Only-1234');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.id.endsWith('confirm-input')), true, 'focus is in the dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.evaluate(() => document.activeElement.type), 'submit', 'focus returns to the review button');
    await page.keyboard.press('Escape');
    await page.waitForTimeout(200);
    await page.getByRole('heading', { name: 'Reinstall build-runner' }).waitFor();
    assert.equal(await page.getByLabel('New password').inputValue(), 'Kb-Only-1234', 'nothing typed is lost');
  }));
