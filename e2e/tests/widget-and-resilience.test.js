// The embeddable widget in a hostile host page, and recovery when the status feed fails.
import { expect, test, seeStatuses } from './fixtures.js';

test('widget: /embed.html mounts two independent widgets and their events fire', async ({ page, product }) => {
  await page.goto(`${product.base}/embed.html`);
  const a = page.locator('#widget-a');
  const b = page.locator('#widget-b');
  // Widget A opened its fixed instance; widget B shows the list.
  await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await b.getByRole('heading', { name: 'Instances' }).waitFor();
  // The host's `all: unset` and 22px font do not reach inside the Shadow DOM.
  const fontSize = await a.getByRole('button', { name: 'Generate' }).evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).not.toBe('22px');

  await b.getByRole('button', { name: 'Reinstall web-01' }).click();
  await b.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
  await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();

  await a.getByLabel('New password').fill('Widget-Pass-1');
  await a.getByRole('button', { name: 'Review and reinstall' }).click();
  await a.getByLabel(/to confirm/).fill('db-01');
  await a.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, a, ['DEPLOYING', 'RUNNING']);
  await page.locator('#event-log li[data-event=reinstall-finished]').waitFor();
  const events = await page.locator('#event-log li').evaluateAll((items) =>
    items.map((item) => ({ source: item.dataset.source, event: item.dataset.event, text: item.textContent })));
  const fromA = events.filter((e) => e.source === 'widget-a').map((e) => e.event);
  expect(fromA.slice(0, 2), 'the snapshot is taken first').toEqual(['snapshot-created', 'reinstall-submitted']);
  expect(fromA.includes('status-change')).toBeTruthy();
  expect(fromA.at(-1)).toBe('reinstall-finished');
  expect(events.every((e) => e.source === 'widget-a'), 'widget B fired nothing').toBeTruthy();
  const finished = events.find((e) => e.event === 'reinstall-finished').text;
  const detail = JSON.parse(finished.slice(finished.indexOf('{')));
  expect(detail.instanceId).toBe('ins-db-01');
  expect(detail.status).toBe('RUNNING');
  expect(detail.requestId).toMatch(/^[0-9a-f-]{36}$/);
  // Widget B is still usable on its own.
  await b.getByRole('radio', { name: 'Password', exact: true }).check();
  await b.getByLabel('New password').fill('Other-Pass-2');
  await expect(b.getByLabel('New password')).toHaveAttribute('aria-invalid', 'false');
});

test('widget: attribute changes are picked up and unmount stops the widget', async ({ page, product }) => {
  await page.goto(`${product.base}/embed.html`);
  const a = page.locator('#widget-a');
  await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await page.evaluate(() => document.getElementById('widget-a').setAttribute('instance-id', 'ins-build-01'));
  await a.getByRole('heading', { name: 'Reinstall build-runner' }).waitFor();
  await page.evaluate(() => document.getElementById('widget-a').remove());
  await expect(page.locator('#widget-a')).toHaveCount(0);
  await page.locator('#widget-b').getByRole('heading', { name: 'Instances' }).waitFor();
});

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 8 } });
  test('resilience: a failing status feed shows reconnecting and still reaches Running', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-lab-01`);
    await page.getByLabel('New password').fill('Resil-Pass-3');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    // This instance has no name: the confirmation asks for its id.
    await page.getByLabel(/to confirm/).fill('ins-lab-01');
    await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    await product.setFaults({ serverErrorRate: 1.0 });
    await page.getByTestId('connection').getByText(/reconnecting/i).waitFor({ timeout: 10000 });
    await product.setFaults({});
    await seeStatuses(page, page, ['RUNNING'], 30000);
    await page.getByTestId('result').getByText('Reinstall complete').waitFor();
  });
});

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 6 } });
  test('resilience: reloading during a reinstall resumes the live view', async ({ page, product }) => {
    await page.goto(`${product.base}/?instance=ins-db-01`);
    await page.getByLabel('New password').fill('Resume-Pass-4');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    await page.getByLabel(/to confirm/).fill('db-01');
    await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    // Leaving while it runs asks first (it goes on without the page).
    page.once('dialog', (question) => question.accept());
    await page.reload();
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    expect(!stored.includes('Resume-Pass-4'), 'the password is never stored').toBeTruthy();
    expect(!page.url().includes('Resume-Pass-4')).toBeTruthy();
  });
});
