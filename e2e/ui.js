// Steps through the product's pages that several end-to-end tests and the screenshots share.
import { createRequire } from 'node:module';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's violations in `include` (a CSS selector, or the whole page). The test must
 * bypass the product's CSP to inject it (`test.use({ bypassCSP: true })`). */
export async function violations(page, include) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (include) => {
    const result = await window.axe.run(include ? { include: [[include]] } : document);
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, include);
}

/**
 * Waits until the live status has shown every status of `expected` (the API's codes: the
 * view shows plain words and keeps the code in `data-status`) in this order (others may come
 * between them); returns every status seen.
 */
export async function seeStatuses(page, scope, expected, timeout = 30000) {
  const seen = [];
  let next = 0;
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const text = (await scope.locator('[data-testid=live-status]').getAttribute('data-status', { timeout: 200 }).catch(() => '')) ?? '';
    if (text && seen.at(-1) !== text) {
      seen.push(text);
      if (text === expected[next]) next += 1;
    }
    if (next === expected.length) return seen;
    await page.waitForTimeout(100);
  }
  throw new Error(`expected statuses ${expected.join(' → ')} in this order, saw ${seen.join(' → ')}`);
}

/** Opens the image list of the reinstall form (it starts closed, showing the chosen image). */
export async function openImages(scope) {
  const list = scope.locator('details.zec-image-list');
  if (!(await list.evaluate((el) => el.open))) await scope.getByText('Change image').click();
}

/** Logs in with a password instead of the instance's key pair. */
export async function usePassword(scope) {
  await scope.getByRole('radio', { name: 'Password', exact: true }).check();
}
