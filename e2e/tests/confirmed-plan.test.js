// Reinstall exactly what was confirmed: the dialog's plan cannot be changed behind it, a lost
// answer is resolved by asking the API (never by sending again), and nothing typed is lost.
import { expect, test, openImages, seeStatuses, usePassword } from './fixtures.js';

const resets = (product) => product.accessLog().filter((line) => line.action === 'ResetInstance');

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

test('dialog: keyboard and mouse cannot change the form behind it; the plan shown is the plan sent', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-web-01`);
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await usePassword(page);
  await page.getByLabel('New password').fill('Plan-Pass-12');
  const centos = page.getByLabel('CentOS 7.9');
  const box = await centos.boundingBox();
  const dialog = await openReview(page);
  const shown = await dialog.textContent();
  expect(shown).toMatch(/erased and Debian 12 installed/);

  // Try to reach the form behind the dialog: Shift+Tab, arrows, and a click on another image.
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    const inForm = await page.evaluate(() => Boolean(document.activeElement?.closest('form.zec-form')));
    expect(inForm, 'focus never reaches the form behind the dialog').toBe(false);
  }
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowDown');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(centos).not.toBeChecked();
  await expect(page.getByLabel('Debian 12')).toBeChecked();
  expect(await dialog.textContent(), 'the dialog still says the same').toBe(shown);

  await confirm(dialog, 'web-01');
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  const sent = resets(product);
  expect(sent.length).toBe(1);
  expect(sent[0].image_id, 'the request sent is the plan shown').toBe('img-debian-12');
  // The header is re-read when the reinstall ends: the instance now runs Debian 12.
  await page.getByTestId('current-image').getByText('Debian 12').waitFor();
});

test('lost answer: the server accepted the reset but the answer was lost; the live view follows, one call sent', async ({ page, product }) => {
  await onReset(page, async (route) => {
    await route.fetch(); // the proxy and the API carry it out…
    await route.abort('connectionreset'); // …but the browser never hears back
  });
  await page.goto(`${product.base}/?instance=ins-db-01`);
  await page.getByLabel('New password').fill('Lost-Answer-7');
  await confirm(await openReview(page), 'db-01');
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  await page.getByTestId('result').getByText('Reinstall complete').waitFor();
  expect(resets(product).length, 'exactly one ResetInstance was sent').toBe(1);
});

test('failure before the request left: nothing happened, and the dialog must be confirmed again', async ({ page, product }) => {
  let blocked = true;
  await onReset(page, (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
  await page.goto(`${product.base}/?instance=ins-build-01`);
  await page.getByLabel('New password').fill('Not-Sent-456');
  await confirm(await openReview(page), 'build-runner');
  const notice = page.getByTestId('not-started');
  await notice.getByText('The reinstall did not start').waitFor();
  expect(resets(product).length, 'nothing reached the proxy').toBe(0);
  await expect(page.getByRole('button', { name: /Try again/ }), 'no button re-sends').toHaveCount(0);

  blocked = false;
  await page.getByRole('button', { name: 'Review again' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const send = dialog.getByRole('button', { name: 'Erase disk and reinstall' });
  await expect(send, 'the name must be typed again').toBeDisabled();
  await confirm(dialog, 'build-runner');
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  expect(resets(product).length).toBe(1);
});

test('nothing lost: Escape in the image search or a field keeps the panel and what was typed', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-web-01`);
  await openImages(page);
  const search = page.getByLabel('Search images');
  await search.fill('deb');
  await search.press('Escape');
  await usePassword(page);
  await page.getByLabel('New password').fill('Keep-Me-123');
  await page.getByLabel('New password').press('Escape');
  await page.waitForTimeout(200);
  await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
  await expect(search).toHaveValue('deb');
  await expect(page.getByLabel('New password')).toHaveValue('Keep-Me-123');

  // Leaving with unsent changes asks first; declining stays.
  page.once('dialog', (question) => question.dismiss());
  await page.getByRole('button', { name: '← All instances' }).click();
  await page.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
  page.once('dialog', (question) => question.accept());
  await page.getByRole('button', { name: '← All instances' }).click();
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  // Focus returns to the row the panel was opened from.
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Reinstall web-01');
});
