// Know before you erase: the form starts from the instance, the dialog says what changes and
// what is kept, a plan with no way in needs an acknowledgement, the API request shown is the
// one sent, and axe-core finds no accessibility violation.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { openImages, seeStatuses, usePassword, withProduct } from './harness.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function review(page) {
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  return dialog;
}

/** axe-core's violations in `scope` (a CSS selector, or the whole page). */
async function violations(page, include) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include: [[include]] } : document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, include);
}

test('prefilled: an instance with QGA on keeps it on; one with a key keeps its key', () =>
  withProduct('prefill', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-mon-01`);
    assert.equal(await page.getByLabel('Enable the QGA agent').isChecked(), true);
    await page.goto(`${proxy.base}/?instance=ins-web-01`);
    assert.equal(await page.getByRole('radio', { name: 'SSH key pair' }).isChecked(), true);
    assert.equal(await page.getByLabel('SSH key pair to install').inputValue(), 'key-laptop');
    assert.equal(await page.getByLabel('Instance name').inputValue(), 'web-01');
    assert.match(await page.getByTestId('chosen-image').textContent(), /Ubuntu 22\.04 LTS \(current\)/);
    // Switching to a password says the key stops working.
    await usePassword(page);
    assert.match(await page.getByTestId('key-stops-working').textContent(), /ops-laptop stops working/);
  }));

test('the dialog lists what changes and what is kept, including the IP address and data disk', () =>
  withProduct('changes', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await page.getByLabel('New password').fill('Kept-Pass-123');
    await page.getByLabel('Instance name').fill('db-01-new');
    const dialog = await review(page);
    const kept = await dialog.getByTestId('plan-kept').textContent();
    assert.match(kept, /128\.1\.40\.20/);
    assert.match(kept, /db-01-data \(500 GiB\)/);
    const changed = await dialog.locator('tr.zec-changed th').allTextContents();
    assert.deepEqual(changed, ['Login', 'Name']);
  }));

test('a Generic image without user data cannot be confirmed until "I have another way in"', () =>
  withProduct('lockout', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-web-01`);
    await openImages(page);
    await page.getByLabel('Generic Linux').check();
    const dialog = await review(page);
    assert.match(await dialog.getByTestId('plan-warnings').textContent(), /Nothing in this plan lets anyone log in/);
    await dialog.getByLabel(/to confirm/).fill('web-01');
    const send = dialog.getByRole('button', { name: 'Erase disk and reinstall' });
    assert.equal(await send.isDisabled(), true, 'the name alone is not enough');
    await dialog.getByLabel('I have another way in').check();
    assert.equal(await send.isDisabled(), false);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(proxy.accessLog().filter((line) => line.action === 'ResetInstance').length, 0);
  }));

test('"Show API request" shows the body that is sent, with the password masked', () =>
  withProduct('api-request', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await openImages(page);
    await page.getByLabel('AlmaLinux 9.4').check();
    await page.getByLabel('New password').fill('Shown-Pass-9');
    await page.getByLabel('Time zone').fill('europe/berlin');
    const dialog = await review(page);
    await dialog.getByText('Show API request').click();
    const shown = JSON.parse(await dialog.getByTestId('api-body').textContent());
    assert.equal(shown.password, '********');
    assert.match(await dialog.getByTestId('api-curl').textContent(), /X-ZC-Action: ResetInstance/);
    assert.doesNotMatch(await dialog.textContent(), /Shown-Pass-9/);
    await dialog.getByLabel(/to confirm/).fill('db-01');
    await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    const [logged] = proxy.accessLog().filter((line) => line.action === 'ResetInstance');
    assert.deepEqual(
      { instanceId: logged.instance, imageId: logged.image_id, timezone: logged.timezone, enableAgent: logged.enable_agent, password: logged.password_given },
      { instanceId: shown.instanceId, imageId: shown.imageId, timezone: shown.timezone, enableAgent: shown.enableAgent, password: true },
    );
    assert.equal(shown.timezone, 'Europe/Berlin', 'the listed spelling is sent');
  }));

test('axe-core: no violations on the list, the panel, the dialog and the widget', () =>
  withProduct('axe', { bypassCSP: true }, async (page, proxy) => {
    await page.goto(proxy.base);
    await page.getByRole('button', { name: 'Reinstall web-01' }).waitFor();
    assert.deepEqual(await violations(page), [], 'instance list');
    await page.getByRole('button', { name: 'Reinstall db-01' }).click();
    await page.getByLabel('New password').waitFor();
    await openImages(page);
    assert.deepEqual(await violations(page), [], 'reinstall panel');
    await page.getByLabel('New password').fill('Axe-Pass-123');
    await review(page);
    await page.getByText('Show API request').click();
    assert.deepEqual(await violations(page, 'dialog'), [], 'review dialog');
    await page.goto(`${proxy.base}/embed.html`);
    await page.locator('#widget-a').getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await page.locator('#widget-b').getByRole('heading', { name: 'Instances' }).waitFor();
    assert.deepEqual(await violations(page), [], 'widgets in a portal page');
  }));
