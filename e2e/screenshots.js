// Makes the README's screenshots (docs/*.png) from the real product on the emulator:
// `make screenshots` after `make build`; `node screenshots.js batch` makes only the fleet's
// (docs/batch.png), `node screenshots.js activity` only the panel's history
// (docs/activity.png), `node screenshots.js zh-CN` only the Chinese ones (docs/*.zh-CN.png).
// Not a test.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startBrowser, startProxy } from './product.js';
import { openImages, seeStatuses } from './ui.js';

const docs = resolve(import.meta.dirname, '..', 'docs');
const only = process.argv[2];
// cache-01's install fails (an emulator-only fixture flag), so the table shows both ends.
const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '..', 'crates', 'zec-emulator', 'fixtures', 'default.json'), 'utf8'));
fixture.instances.find((i) => i.instanceId === 'ins-cache-01').systemDisk.installFails = true;
const fixturePath = join(mkdtempSync(join(tmpdir(), 'zec-shots-')), 'fixture.json');
writeFileSync(fixturePath, JSON.stringify(fixture));
const proxy = await startProxy({ reinstallSeconds: 4, fixture: fixturePath });
const browser = await startBrowser();

async function batch(page) {
  await page.goto(proxy.base);
  for (const name of ['build-runner', 'cache-01', 'ins-lab-01']) await page.getByLabel(`Select ${name}`, { exact: true }).check();
  await page.getByRole('button', { name: 'Reinstall 3 selected…' }).click();
  await page.getByTestId('fleet-images').getByLabel('Debian 12').check();
  await page.getByLabel('New password').fill('Fleet-Pass-2026');
  await page.getByRole('button', { name: 'Review the reinstall of 3' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/to confirm/).fill('3');
  await dialog.getByRole('button', { name: 'Erase 3 disks and reinstall' }).click();
  await page.getByTestId('fleet-totals').getByText('0 in progress · 2 running · 1 failed').waitFor({ timeout: 30000 });
  await page.screenshot({ path: join(docs, 'batch.png'), fullPage: true });
}

try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
  if (only === 'batch') await batch(page);
  else if (only === 'activity') await activity(page);
  else if (only === 'zh-CN') await chinese(page);
  else await everything(page);
  console.log(`screenshots written to ${docs}`);
} finally {
  await browser.close();
  proxy.stop();
}

/** web-02's history: a reinstall the API refused (it was RUNNING), the power-off, the
 * snapshot and the reinstall, each followed to its end. */
async function activity(page) {
  await fetch(`${proxy.base}/api/v2/zec`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': 'ResetInstance', 'sec-fetch-site': 'same-origin' },
    body: JSON.stringify({ instanceId: 'ins-web-02', imageId: 'img-debian-12', password: 'Abcdef1!x' }),
  });
  await page.goto(`${proxy.base}/?instance=ins-web-02`);
  await page.getByRole('button', { name: 'Power off…' }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Power off', exact: true }).click();
  await page.getByRole('button', { name: 'Review and reinstall' }).waitFor({ timeout: 15000 });
  await openImages(page);
  await page.getByLabel('Debian 12').check();
  await page.getByRole('radio', { name: 'SSH key pair' }).check();
  await page.getByLabel('SSH key pair to install').selectOption('key-ci');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  await page.getByLabel(/to confirm/).fill('web-02');
  await page.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  const history = page.getByTestId('activity');
  await history.locator('[data-testid=activity-entry][data-open=true]').first().waitFor({ state: 'detached', timeout: 20000 });
  await history.screenshot({ path: join(docs, 'activity.png') });
}

/** The form with a rule message and the review, in Simplified Chinese (web-01). */
async function chinese(page) {
  await page.goto(`${proxy.base}/?lang=zh-CN&instance=ins-web-01`);
  await page.getByText('更换镜像').click();
  await page.getByLabel('AlmaLinux 9.4').check();
  await page.getByRole('radio', { name: '密码', exact: true }).check();
  await page.getByLabel('新密码').fill('abc#');
  await page.getByLabel('实例名称').fill('web-01-alma');
  await page.getByLabel('实例名称').press('Tab');
  await page.screenshot({ path: join(docs, 'form.zh-CN.png'), fullPage: true });

  await page.getByLabel('新密码').fill('Web-Alma-2026');
  await page.getByRole('button', { name: '检查并重装' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/以确认/).fill('web-01');
  await dialog.screenshot({ path: join(docs, 'confirm.zh-CN.png') });
  await dialog.getByRole('button', { name: '取消' }).click();
}

async function everything(page) {
  await chinese(page);
  await page.goto(`${proxy.base}/?instance=ins-db-01`);
  await openImages(page);
  await page.getByLabel('AlmaLinux 9.4').check();
  await page.getByLabel('New password').fill('abc#');
  await page.getByLabel('Instance name').fill('db-01-alma');
  await page.getByLabel('Instance name').press('Tab');
  await page.screenshot({ path: join(docs, 'form.png'), fullPage: true });

  await page.getByLabel('New password').fill('Db-Alma-2026');
  await page.getByRole('button', { name: 'Review and reinstall' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByLabel(/to confirm/).fill('db-01');
  await dialog.screenshot({ path: join(docs, 'confirm.png') });

  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, page, ['DEPLOYING']);
  await page.screenshot({ path: join(docs, 'timeline.png'), fullPage: true });
  await seeStatuses(page, page, ['RUNNING']);
  await page.getByTestId('handover').waitFor();
  await page.screenshot({ path: join(docs, 'done.png'), fullPage: true });
  await batch(page);
  await activity(page);
}
