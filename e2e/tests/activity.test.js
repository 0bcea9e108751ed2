// The activity history in the browser: who did what and how it ended, live in the panel,
// refusals included, the whole scope as CSV, and a widget for one instance showing only its
// own entries. Against the release proxy's own history (in memory, one per test).
import { readFileSync } from 'node:fs';
import { expect, test, openImages, seeStatuses, usePassword } from './fixtures.js';

/** A call straight to the proxy, as a same-origin page would send it; returns its answer. */
async function post(product, action, body) {
  const answer = await fetch(`${product.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': action, 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify(body),
  });
  return answer.json();
}

/** Reads RFC 4180 text (quoted cells, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

test('a reinstall in the console is on record with who, what, how it ended and its request id; a refusal too; the CSV holds both', async ({ page, product }) => {
  const refusal = await post(product, 'ResetInstance', { instanceId: 'ins-mon-01', imageId: 'img-debian-12', password: 'Abcdef1!x' });
  expect(refusal.code).toBe('RESOURCE_PROTECTED');

  await page.goto(`${product.base}/?instance=ins-web-01`);
  const activity = page.getByTestId('activity');
  await activity.getByTestId('activity-status').getByText('Nothing on record yet.').waitFor();
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await usePassword(page);
  await page.getByLabel('New password').fill('Activity-Pass-1');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByLabel(/to confirm/).fill('web-01');
  await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);

  // The panel follows it to its end without a reload: newest first, the snapshot before it.
  const entries = activity.getByTestId('activity-entry');
  const reinstall = entries.first();
  await expect(reinstall).toContainText(/Reinstalled by console · Ubuntu 22\.04 LTS → Debian 12 · RUNNING after \d+ s/, { timeout: 15000 });
  await expect(entries.nth(1)).toContainText(/Snapshot taken by console · snapshot \S+ · AVAILABLE after/);
  await expect(reinstall).toContainText('password login');
  const reset = product.accessLog().find((line) => line.action === 'ResetInstance' && line.instance === 'ins-web-01');
  await expect(reinstall.getByTestId('activity-request-id')).toHaveText(reset.request_id);
  expect(await entries.evaluateAll((items) => items.map((item) => item.dataset.instances))).toEqual(['ins-web-01', 'ins-web-01']);
  // The password is in neither the page's history nor what the proxy answered for it.
  await expect(activity).not.toContainText('Activity-Pass-1');

  // The list shows the whole scope: each entry names its instance, the refusal included.
  await page.getByRole('button', { name: 'Done' }).click();
  const scope = page.getByTestId('activity');
  const refused = scope.getByTestId('activity-entry').filter({ hasText: 'ins-mon-01' });
  await expect(refused).toContainText('ins-mon-01 · Reinstall by console · Debian 12 again · Refused by the proxy: RESOURCE_PROTECTED');
  await expect(refused.getByTestId('activity-request-id')).toHaveText(refusal.requestId);
  await expect(scope.getByTestId('activity-entry')).toHaveCount(3);

  // The CSV: every entry of the scope, a header, quoted where needed, the date in its name.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    scope.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^zec-activity-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\ufeff'), 'a byte-order mark for spreadsheets').toBe(true);
  const [header, ...rows] = parseCsv(text.slice(1));
  const cell = (row, name) => row[header.indexOf(name)];
  expect(rows.length).toBe(3);
  expect(rows.every((row) => row.length === header.length)).toBe(true);
  const resetRow = rows.find((row) => cell(row, 'action') === 'ResetInstance' && cell(row, 'instance_ids') === 'ins-web-01');
  expect(cell(resetRow, 'request_id')).toBe(reset.request_id);
  expect(cell(resetRow, 'final_state')).toBe('RUNNING');
  expect(cell(resetRow, 'image_before')).toBe('Ubuntu 22.04 LTS');
  expect(cell(resetRow, 'image_after')).toBe('Debian 12');
  expect(cell(resetRow, 'actor')).toBe('console');
  expect(Number(cell(resetRow, 'duration_s'))).toBeGreaterThan(0);
  const refusedRow = rows.find((row) => cell(row, 'instance_ids') === 'ins-mon-01');
  expect([cell(refusedRow, 'outcome'), cell(refusedRow, 'refused_by'), cell(refusedRow, 'code')]).toEqual(['refused', 'proxy', 'RESOURCE_PROTECTED']);
  expect(text.includes('Activity-Pass-1'), 'no password in the file').toBe(false);
});

test('widget: a widget for one instance shows only that instance\'s activity; the list widget shows every instance', async ({ page, product }) => {
  const own = await post(product, 'ResetInstance', { instanceId: 'ins-db-01', imageId: 'img-debian-12', password: 'short' });
  expect(own.code).toBe('INVALID_PASSWORD_MALFORMED');
  const other = await post(product, 'ResetInstance', { instanceId: 'ins-web-02', imageId: 'img-debian-12', password: 'Abcdef1!x' });
  expect(other.code).toBe('UNSUPPORTED_OPERATION_INSTANCE_STATUS');

  await page.goto(`${product.base}/embed.html`);
  const a = page.locator('#widget-a');
  const entries = a.getByTestId('activity').getByTestId('activity-entry');
  await expect(entries).toHaveCount(1);
  await expect(entries).toContainText('Refused by the proxy: INVALID_PASSWORD_MALFORMED');
  await expect(entries.getByTestId('activity-request-id')).toHaveText(own.requestId);
  expect(await entries.evaluateAll((items) => items.map((item) => item.dataset.instances))).toEqual(['ins-db-01']);
  expect(JSON.stringify(product.accessLog().filter((line) => line.action === 'activity').map((line) => line.instance)))
    .toContain('ins-db-01');

  const b = page.locator('#widget-b').getByTestId('activity');
  await expect(b.getByTestId('activity-entry')).toHaveCount(2);
  await expect(b.getByTestId('activity-entry').first()).toContainText(/ins-web-02 · Reinstall by console · .*Refused by the API: UNSUPPORTED_OPERATION_INSTANCE_STATUS/);
});
