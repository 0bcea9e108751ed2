// Reinstall exactly what was confirmed: the dialog's plan cannot be changed behind it, a lost
// answer is resolved by asking the API (never by sending again), and nothing typed is lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImages, seeStatuses, usePassword, withProduct } from './harness.js';

const resets = (proxy) => proxy.accessLog().filter((line) => line.action === 'ResetInstance');

/** Answers ResetInstance calls with `handle(route)`; every other call goes through. */
async function onReset(page, handle) {
  await page.route('**/api/v2/zec', async (route) => {
    if (route.request().headers()['x-zc-action'] === 'ResetInstance') return handle(route);
    return route.continue();
  });
}

async function openReview(page, instanceName) {
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  return dialog;
}

async function confirm(dialog, instanceName) {
  await dialog.getByLabel(/to confirm/).fill(instanceName);
  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
}

test('dialog: keyboard and mouse cannot change the form behind it; the plan shown is the plan sent', () =>
  withProduct('dialog-plan', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-web-01`);
    await openImages(page);
    await page.getByLabel('Debian 12').check();
    await usePassword(page);
    await page.getByLabel('New password').fill('Plan-Pass-12');
    const centos = page.getByLabel('CentOS 7.9');
    const box = await centos.boundingBox();
    const dialog = await openReview(page);
    const shown = await dialog.textContent();
    assert.match(shown, /erased and Debian 12 installed/);

    // Try to reach the form behind the dialog: Shift+Tab, arrows, and a click on another image.
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Shift+Tab');
      const inForm = await page.evaluate(() => Boolean(document.activeElement?.closest('form.zec-form')));
      assert.equal(inForm, false, 'focus never reaches the form behind the dialog');
    }
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal(await centos.isChecked(), false);
    assert.equal(await page.getByLabel('Debian 12').isChecked(), true);
    assert.equal(await dialog.textContent(), shown, 'the dialog still says the same');

    await confirm(dialog, 'web-01');
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    const sent = resets(proxy);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].image_id, 'img-debian-12', 'the request sent is the plan shown');
    // The header is re-read when the reinstall ends: the instance now runs Debian 12.
    await page.getByTestId('current-image').getByText('Debian 12').waitFor();
  }));

test('lost answer: the server accepted the reset but the answer was lost; the live view follows, one call sent', () =>
  withProduct('lost-answer', { reinstallSeconds: 3 }, async (page, proxy) => {
    await onReset(page, async (route) => {
      await route.fetch(); // the proxy and the API carry it out…
      await route.abort('connectionreset'); // …but the browser never hears back
    });
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await page.getByLabel('New password').fill('Lost-Answer-7');
    await confirm(await openReview(page), 'db-01');
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    await page.getByTestId('result').getByText('Reinstall complete').waitFor();
    assert.equal(resets(proxy).length, 1, 'exactly one ResetInstance was sent');
  }));

test('failure before the request left: nothing happened, and the dialog must be confirmed again', () =>
  withProduct('not-sent', {}, async (page, proxy) => {
    let blocked = true;
    await onReset(page, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`${proxy.base}/?instance=ins-build-01`);
    await page.getByLabel('New password').fill('Not-Sent-456');
    await confirm(await openReview(page), 'build-runner');
    const notice = page.getByTestId('not-started');
    await notice.getByText('The reinstall did not start').waitFor();
    assert.equal(resets(proxy).length, 0, 'nothing reached the proxy');
    assert.equal(await page.getByRole('button', { name: /Try again/ }).count(), 0, 'no button re-sends');

    blocked = false;
    await page.getByRole('button', { name: 'Review again' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const send = dialog.getByRole('button', { name: 'Erase disk and reinstall' });
    assert.equal(await send.isDisabled(), true, 'the name must be typed again');
    await confirm(dialog, 'build-runner');
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    assert.equal(resets(proxy).length, 1);
  }));

test('nothing lost: Escape in the image search or a field keeps the panel and what was typed', () =>
  withProduct('escape', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-web-01`);
    await openImages(page);
    const search = page.getByLabel('Search images');
    await search.fill('deb');
    await search.press('Escape');
    await usePassword(page);
    await page.getByLabel('New password').fill('Keep-Me-123');
    await page.getByLabel('New password').press('Escape');
    await page.waitForTimeout(200);
    await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
    assert.equal(await search.inputValue(), 'deb');
    assert.equal(await page.getByLabel('New password').inputValue(), 'Keep-Me-123');

    // Leaving with unsent changes asks first; declining stays.
    page.once('dialog', (question) => question.dismiss());
    await page.getByRole('button', { name: '← All instances' }).click();
    await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
    page.once('dialog', (question) => question.accept());
    await page.getByRole('button', { name: '← All instances' }).click();
    await page.getByRole('heading', { name: 'Instances' }).waitFor();
    // Focus returns to the row the panel was opened from.
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Reinstall web-01');
  }));
