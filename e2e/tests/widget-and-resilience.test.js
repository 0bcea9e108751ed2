// The embeddable widget in a hostile host page, and recovery when the status feed fails.
import { expect, test, seeStatuses } from './fixtures.js';

test('widget: /embed.html mounts two independent widgets and their events fire', async ({ page, product }) => {
  await page.goto(`${product.base}/embed.html`);
  const a = page.locator('#widget-a');
  const b = page.locator('#widget-b');
  // Widget A opened its fixed instance; widget B shows the list.
  await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await b.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  // The host's `all: unset` and 22px font do not reach inside the Shadow DOM, nor what it
  // sets on the element (color, letter-spacing, line-height, font, text-transform), nor its
  // root font size: the widget looks as on the console page (15px text, 1.5 line height).
  const fontSize = await a.getByRole('button', { name: 'Generate' }).evaluate((el) => getComputedStyle(el).fontSize);
  expect(fontSize).not.toBe('22px');
  const style = (locator) => locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return { fontSize: s.fontSize, letterSpacing: s.letterSpacing, lineHeight: s.lineHeight, color: s.color,
      fontStyle: s.fontStyle, textTransform: s.textTransform };
  });
  expect(await style(a.getByRole('heading', { name: 'Reinstall db-01' }))).toEqual({
    fontSize: '21.6px', letterSpacing: 'normal', lineHeight: '32.4px', color: 'rgb(27, 36, 48)',
    fontStyle: 'normal', textTransform: 'none',
  });
  expect(await style(a.locator('.zec-facts dd').first())).toMatchObject({
    fontSize: '15px', letterSpacing: 'normal', lineHeight: '22.5px', color: 'rgb(27, 36, 48)',
  });

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

test('widget: attribute changes apply in place, a new instance asks first, and unmount stops the widget', async ({ page, product }) => {
  await page.goto(`${product.base}/embed.html`);
  const a = page.locator('#widget-a');
  await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await a.getByLabel('New password').fill('Typed-Pass-9');
  // A theme toggle and a new address apply in place: what was typed stays.
  await page.evaluate(() => {
    const widget = document.getElementById('widget-a');
    widget.setAttribute('theme', 'dark');
    widget.apiBase = '';
  });
  await expect(a.locator('.zec-app')).toHaveAttribute('data-theme', 'dark');
  await expect(a.getByLabel('New password')).toHaveValue('Typed-Pass-9');
  // Another instance with unsent changes: the user is asked, may stay, or leave.
  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); dialog.dismiss(); });
  await page.evaluate(() => document.getElementById('widget-a').setAttribute('instance-id', 'ins-build-01'));
  await expect.poll(() => asked).toContain('were not sent');
  await expect(a.getByRole('heading', { name: 'Reinstall db-01' })).toBeVisible();
  await expect(a.getByLabel('New password')).toHaveValue('Typed-Pass-9');
  page.once('dialog', (dialog) => dialog.accept());
  await page.evaluate(() => {
    const widget = document.getElementById('widget-a');
    widget.setAttribute('instance-id', 'ins-db-01');
    widget.instanceId = 'ins-build-01';
  });
  await a.getByRole('heading', { name: 'Reinstall build-runner' }).waitFor();
  await page.evaluate(() => document.getElementById('widget-a').remove());
  await expect(page.locator('#widget-a')).toHaveCount(0);
  await page.locator('#widget-b').getByRole('heading', { name: 'Instances', exact: true }).waitFor();
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
