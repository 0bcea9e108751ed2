// Steps through the fleet flow that several end-to-end tests share: fixtures with an
// instance whose install or snapshot fails, selecting and planning, the review, the table.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const builtin = resolve(import.meta.dirname, '..', 'crates', 'zec-emulator', 'fixtures', 'default.json');

/**
 * The built-in fixture with emulator-only flags on instances' boot disks, e.g.
 * `{ 'ins-cache-01': { installFails: true } }` or `{ snapshotFails: true }`.
 */
export function fixtureWith(flags) {
  const fixture = JSON.parse(readFileSync(builtin, 'utf8'));
  for (const [id, disk] of Object.entries(flags)) {
    Object.assign(fixture.instances.find((i) => i.instanceId === id).systemDisk, disk);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'zec-fleet-')), 'fixture.json');
  writeFileSync(path, JSON.stringify(fixture));
  return path;
}

/** The state-changing calls the proxy forwarded, by action, in order. */
export const calls = (product, action) => product.accessLog().filter((line) => line.action === action);

/** Selects these instances (by name) in the list and opens their plan. */
export async function planFor(page, names) {
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  for (const name of names) await page.getByLabel(`Select ${name}`, { exact: true }).check();
  await page.getByRole('button', { name: `Reinstall ${names.length} selected…` }).click();
  await page.getByRole('heading', { name: new RegExp(`Reinstall ${names.length} instances? with one plan`) }).waitFor();
}

/** Debian 12 with a typed password, then "Review": the dialog with the count typed. */
export async function reviewDebian(page, count, password = 'Fleet-Pass-2026') {
  await page.getByTestId('fleet-images').getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: /^Review the reinstall of/ }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  await dialog.getByLabel(/to confirm/).fill(String(count));
  return dialog;
}

/** Waits for the table's totals, then returns each row's status. */
export async function rowStatuses(page, ids, totals) {
  await page.getByTestId('fleet-totals').getByText(totals).waitFor({ timeout: 30000 });
  const statuses = {};
  for (const id of ids) {
    statuses[id] = await page.locator(`tr[data-instance-id=${id}] [data-testid=fleet-status]`).textContent();
  }
  return statuses;
}

/** DescribeInstances through the proxy, as any API client would call it. */
export async function describe(product, instanceId) {
  const answer = await fetch(`${product.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'DescribeInstances' },
    body: JSON.stringify({ instanceIds: [instanceId] }),
  });
  return (await answer.json()).response.dataSet[0];
}
