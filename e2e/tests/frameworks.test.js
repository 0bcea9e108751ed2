// The README's React 19 (in StrictMode) and Vue 3 examples, run as written in real React and
// Vue from e2e/node_modules, on the README's portal with sessions.
import { expect, test, usePassword } from './fixtures.js';

for (const framework of ['react', 'vue']) {
  test(`${framework}: mounts once, keeps typed text across a theme change, switches instances, its events reach the handler, unmounts cleanly`, async ({ page, portal }) => {
    await portal.signIn(page.context(), 'alice');
    await page.goto(`${portal.origin}/host/${framework}.html`);
    const widget = page.locator('zec-reinstall');
    await widget.getByRole('heading', { name: 'Reinstall web-01' }).waitFor();
    // One element, one app inside it, one session asked for: mounted once.
    await expect(widget).toHaveCount(1);
    await expect(widget.locator('.zec-app')).toHaveCount(1);
    expect(portal.sessionsMinted()).toBe(1);

    await usePassword(widget);
    await widget.getByLabel('New password').fill('Typed-Pass-1');
    await page.evaluate(() => window.harness.setDark(true));
    await expect(widget.locator('.zec-app')).toHaveAttribute('data-theme', 'dark');
    await expect(widget.getByLabel('New password')).toHaveValue('Typed-Pass-1');

    // Another instance while the form has unsent changes asks first: stay, then leave.
    page.once('dialog', (dialog) => dialog.dismiss());
    await page.evaluate(() => window.harness.setInstanceId('ins-db-01'));
    await page.waitForTimeout(300);
    await expect(widget.getByRole('heading', { name: 'Reinstall web-01' })).toBeVisible();
    await expect(widget.getByLabel('New password')).toHaveValue('Typed-Pass-1');
    await page.evaluate(() => window.harness.setInstanceId('ins-web-01'));
    page.once('dialog', (dialog) => dialog.accept());
    await page.evaluate(() => window.harness.setInstanceId('ins-db-01'));
    await widget.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    expect(portal.sessionsMinted(), 'nothing remounted').toBe(1);

    // The reinstall's events reach the framework's handler.
    await widget.getByLabel('New password').fill('Framework-Pass-2');
    await widget.getByRole('button', { name: 'Review and reinstall' }).click();
    await widget.getByLabel(/to confirm/).fill('db-01');
    await widget.getByRole('button', { name: 'Erase disk and reinstall' }).click();
    await expect(page.locator('.last-reinstall')).toHaveText('Last reinstall: ins-db-01: RUNNING', { timeout: 30_000 });

    // Unmounted: the element is gone and nothing asks the proxy any more.
    await page.evaluate(() => window.harness.setShown(false));
    await expect(widget).toHaveCount(0);
    const before = portal.requests.length;
    await page.waitForTimeout(2_000);
    expect(portal.requests.slice(before).map((r) => r.url)).toEqual([]);
  });
}
