// The embeddable widget in a hostile host page, and recovery when the status feed fails.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seeStatuses, withProduct } from './harness.js';

test('widget: /embed.html mounts two independent widgets and their events fire', () =>
  withProduct('widget', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/embed.html`);
    const a = page.locator('#widget-a');
    const b = page.locator('#widget-b');
    // Widget A opened its fixed instance; widget B shows the list.
    await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await b.getByRole('heading', { name: 'Instances' }).waitFor();
    // The host's `all: unset` and 22px font do not reach inside the Shadow DOM.
    const fontSize = await a.getByRole('button', { name: 'Generate' }).evaluate((el) => getComputedStyle(el).fontSize);
    assert.notEqual(fontSize, '22px');

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
    assert.equal(fromA[0], 'reinstall-submitted');
    assert.ok(fromA.includes('status-change'));
    assert.equal(fromA.at(-1), 'reinstall-finished');
    assert.ok(events.every((e) => e.source === 'widget-a'), 'widget B fired nothing');
    const finished = events.find((e) => e.event === 'reinstall-finished').text;
    const detail = JSON.parse(finished.slice(finished.indexOf('{')));
    assert.equal(detail.instanceId, 'ins-db-01');
    assert.equal(detail.status, 'RUNNING');
    assert.match(detail.requestId, /^[0-9a-f-]{36}$/);
    // Widget B is still usable on its own.
    await b.getByRole('radio', { name: 'Password', exact: true }).check();
    await b.getByLabel('New password').fill('Other-Pass-2');
    assert.equal(await b.getByLabel('New password').getAttribute('aria-invalid'), 'false');
  }));

test('widget: attribute changes are picked up and unmount stops the widget', () =>
  withProduct('widget-attributes', {}, async (page, proxy) => {
    await page.goto(`${proxy.base}/embed.html`);
    const a = page.locator('#widget-a');
    await a.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await page.evaluate(() => document.getElementById('widget-a').setAttribute('instance-id', 'ins-build-01'));
    await a.getByRole('heading', { name: 'Reinstall build-runner' }).waitFor();
    await page.evaluate(() => document.getElementById('widget-a').remove());
    assert.equal(await page.locator('#widget-a').count(), 0);
    await page.locator('#widget-b').getByRole('heading', { name: 'Instances' }).waitFor();
  }));

test('resilience: a failing status feed shows reconnecting and still reaches Running', () =>
  withProduct('resilience', { reinstallSeconds: 8 }, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-lab-01`);
    await page.getByLabel('New password').fill('Resil-Pass-3');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    // This instance has no name: the confirmation asks for its id.
    await page.getByLabel(/to confirm/).fill('ins-lab-01');
    await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    await proxy.setFaults({ serverErrorRate: 1.0 });
    await page.getByTestId('connection').getByText(/reconnecting/i).waitFor({ timeout: 10000 });
    await proxy.setFaults({});
    await seeStatuses(page, page, ['RUNNING'], 30000);
    await page.getByTestId('result').getByText('Reinstall complete').waitFor();
  }));

test('resilience: reloading during a reinstall resumes the live view', () =>
  withProduct('resume', { reinstallSeconds: 6 }, async (page, proxy) => {
    await page.goto(`${proxy.base}/?instance=ins-db-01`);
    await page.getByLabel('New password').fill('Resume-Pass-4');
    await page.getByRole('button', { name: 'Review and reinstall' }).click();
    await page.getByLabel(/to confirm/).fill('db-01');
    await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await seeStatuses(page, page, ['DEPLOYING']);
    await page.reload();
    await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
    const stored = await page.evaluate(() => JSON.stringify(sessionStorage));
    assert.ok(!stored.includes('Resume-Pass-4'), 'the password is never stored');
    assert.ok(!page.url().includes('Resume-Pass-4'));
  }));
