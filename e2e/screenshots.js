// Makes the README's screenshots (docs/*.png) from the real product on the emulator:
// `make screenshots` after `make build`. Not a test.
import { join, resolve } from 'node:path';
import { openImages, seeStatuses, startBrowser, startProxy } from './tests/harness.js';

const docs = resolve(import.meta.dirname, '..', 'docs');
const proxy = await startProxy({ reinstallSeconds: 4 });
const browser = await startBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
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
  await dialog.getByText('Show API request').click();
  await dialog.getByLabel(/to confirm/).fill('db-01');
  await dialog.screenshot({ path: join(docs, 'confirm.png') });

  await dialog.getByRole('button', { name: 'Erase disk and reinstall' }).click();
  await seeStatuses(page, page, ['DEPLOYING']);
  await page.screenshot({ path: join(docs, 'timeline.png'), fullPage: true });
  await seeStatuses(page, page, ['RUNNING']);
  await page.getByTestId('handover').waitFor();
  await page.screenshot({ path: join(docs, 'done.png'), fullPage: true });
  console.log(`screenshots written to ${docs}`);
} finally {
  await browser.close();
  proxy.stop();
}
