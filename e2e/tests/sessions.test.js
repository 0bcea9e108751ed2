// Portal sessions in the widget: the README's portal (its Node endpoint mints the sessions,
// its HTML example is the page), a proxy that checks them, and Debian's Chromium.
import { expect, test } from './fixtures.js';

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/;

/** Fills the reinstall form of db-01 with a password and confirms it. */
async function reinstallDb01(widget, password) {
  await widget.getByLabel('New password').fill(password);
  await widget.getByRole('button', { name: 'Review and reinstall' }).click();
  await widget.getByLabel(/to confirm/).fill('db-01');
  await widget.getByRole('button', { name: 'Erase disk and reinstall' }).click();
}

/** Every live status and connection line shown until `last`; throws after `timeout`. */
async function followUntil(page, widget, last, timeout = 60_000) {
  const statuses = [];
  const connections = [];
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    // The API's code, which the words beside it may not spell (`data-status`).
    const status = await widget.locator('[data-testid=live-status]').getAttribute('data-status', { timeout: 100 }).catch(() => null);
    const connection = await widget.locator('[data-testid=connection]').textContent({ timeout: 100 }).catch(() => null);
    if (status && statuses.at(-1) !== status) statuses.push(status);
    if (connection && connections.at(-1) !== connection) connections.push(connection);
    if (status === last) return { statuses, connections };
    await page.waitForTimeout(100);
  }
  throw new Error(`never reached ${last}: statuses ${statuses.join(' → ')}, connection ${connections.join(' → ')}`);
}

test.describe(() => {
  test.use({ portalOptions: { ttl: '8s', productOptions: { reinstallSeconds: 14 } } });
  test('a session that expires during the flow is renewed: the reinstall completes, live, and no token is in a URL', async ({ page, portal }) => {
    const urls = [];
    page.on('request', (request) => urls.push(request.url()));
    await portal.signIn(page.context(), 'alice');
    await page.goto(`${portal.origin}/host/html.html?instance=ins-db-01&lifetime=8`);
    const widget = page.locator('zec-reinstall');
    await widget.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
    await reinstallDb01(widget, 'Session-Pass-1');
    const { statuses, connections } = await followUntil(page, widget, 'RUNNING');
    await widget.getByTestId('result').getByText('Reinstall complete').waitFor();

    expect(statuses).toContain('DEPLOYING');
    // The page's 8 s session ran out during the 15 s flow: fetchSession was called, more
    // than once, and the status stream was opened again with each new session.
    expect(portal.sessionsMinted(), 'fetchSession renewed the session').toBeGreaterThanOrEqual(2);
    const streams = portal.requests.filter((r) => r.url.startsWith('/api/v2/zec/status-stream'));
    expect(streams.length, 'the stream reopened after its session ended').toBeGreaterThanOrEqual(2);
    expect(streams.every((r) => JWT.test(r.authorization ?? '')), 'every stream carried the session').toBeTruthy();
    expect(connections, 'the live status never fell back to polling').not.toContain('Checking every few seconds');
    // A session travels in the Authorization header only, never in a URL (they are logged).
    const leaked = [...urls, ...portal.requests.map((r) => r.url)].filter((url) => JWT.test(url));
    expect(leaked).toEqual([]);
    expect(portal.product.log()).not.toMatch(JWT);
    const reset = portal.product.accessLog().find((line) => line.action === 'ResetInstance');
    expect(reset.actor).toBe('alice');
  });
});

test('a page whose session expired long ago gets a fresh one once, and goes on', async ({ page, portal }) => {
  const refused = [];
  page.on('response', (response) => {
    if (response.status() === 401 && response.url().includes('/api/v2/')) refused.push(response.url());
  });
  await portal.signIn(page.context(), 'alice');
  // Rendered with a session issued 1000 s ago that expired 100 s ago (a page left open).
  await page.goto(`${portal.origin}/host/html.html?instance=ins-db-01&age=1000&lifetime=900`);
  const widget = page.locator('zec-reinstall');
  await widget.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  expect(refused.length, 'the proxy said SESSION_EXPIRED').toBeGreaterThan(0);
  expect(portal.sessionsMinted(), 'one renewal for every refused call').toBe(1);
  await expect(widget.getByTestId('session-problem')).toHaveCount(0);
});

test('without a fresh session the widget says what to do and keeps the form', async ({ page, portal }) => {
  await portal.signIn(page.context(), 'alice');
  await page.goto(`${portal.origin}/host/html.html?instance=ins-db-01&lifetime=8`);
  const widget = page.locator('zec-reinstall');
  await widget.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await widget.getByLabel('New password').fill('Kept-Pass-1');
  // Signed out of the portal: the renewal before expiry fails.
  await portal.signOut(page.context());
  const problem = widget.getByTestId('session-problem');
  await expect(problem).toContainText('could not be had', { timeout: 15_000 });
  await expect(problem).toContainText('the portal answered 500');
  await expect(widget.getByLabel('New password')).toHaveValue('Kept-Pass-1');
  // Signed in again, "Try again" gets a session and the banner goes.
  await portal.signIn(page.context(), 'alice');
  await problem.getByRole('button', { name: 'Try again' }).click();
  await expect(problem).toHaveCount(0);
  await expect(widget.getByLabel('New password')).toHaveValue('Kept-Pass-1');
  await expect(widget.getByRole('heading', { name: 'Reinstall db-01' })).toBeVisible();
});

test("a user's widget cannot see another user's instance", async ({ page, portal }) => {
  await portal.signIn(page.context(), 'bob');
  await page.goto(`${portal.origin}/host/html.html?user=bob&instance=ins-db-01`);
  const widget = page.locator('zec-reinstall');
  // In plain words, with the API's code as a detail.
  await expect(widget.getByRole('alert')).toContainText('You are not allowed to manage this instance here.');
  await expect(widget.locator('.zec-code')).toHaveText('RESOURCE_NOT_ALLOWED');
  await expect(widget.getByRole('heading', { name: 'Reinstall db-01' })).toHaveCount(0);
  // Bob's list holds his instance only.
  await page.evaluate(() => document.querySelector('zec-reinstall').removeAttribute('instance-id'));
  await widget.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  await widget.locator('tr[data-instance-id]').first().waitFor();
  const rows = await widget.locator('tr[data-instance-id]').evaluateAll((rows) => rows.map((row) => row.dataset.instanceId));
  expect(rows).toEqual(['ins-lab-01']);
  await expect(widget.getByText('db-01')).toHaveCount(0);
});

test('what the session does not permit is disabled in the form, with the reason', async ({ page, portal }) => {
  await portal.signIn(page.context(), 'carol');
  // Carol may reinstall only: no power, no snapshot, no rollback. web-02 is RUNNING.
  await page.goto(`${portal.origin}/host/html.html?user=carol&instance=ins-web-02&actions=reinstall`);
  const widget = page.locator('zec-reinstall');
  await widget.getByRole('heading', { name: /^Reinstall / }).waitFor();
  await expect(widget.getByRole('button', { name: 'Power off…' })).toBeDisabled();
  await expect(widget.getByTestId('power-not-permitted')).toContainText('power instances off or on');
  const snapshotFirst = widget.getByLabel(/Snapshot the boot disk first/);
  await expect(snapshotFirst).toBeDisabled();
  await expect(snapshotFirst).not.toBeChecked();
  await expect(widget.getByTestId('snapshot-not-permitted')).toContainText('take or delete snapshots');
  expect(portal.product.accessLog().filter((line) => line.action === 'StopInstances')).toEqual([]);
});
