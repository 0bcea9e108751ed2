// English and Simplified Chinese: the console and the widget in zh-CN, end to end, with a
// check that no English is left in the views a Chinese-speaking operator goes through
// (names, ids, addresses, image names and code excepted), and a language switch that keeps
// what was typed.
import { readFileSync } from 'node:fs';
import { expect, test, seeStatuses } from './fixtures.js';

// What the API returns is data, not interface text: every string of the emulator's world.
const world = JSON.parse(readFileSync(new URL('../../crates/zec-emulator/fixtures/default.json', import.meta.url), 'utf8'));
const data = [];
(function collect(value) {
  if (typeof value === 'string') data.push(value);
  else if (value && typeof value === 'object') Object.values(value).forEach(collect);
})(world);
// Who did what in the activity: the caller's name (the open console is `console`).
data.push('console');
data.sort((a, b) => b.length - a.length);

// Words that stay as they are in a Chinese interface: product and protocol names, units,
// the API's codes (upper case), ids and names with hyphens, versions, code.
const ALLOWED = [
  /\b(?:QEMU Guest Agent|Zenlayer|Windows|Generic|Linux|cloud-init|cloud-config|ResetInstances?|root|Administrator|ssh|curl|Python|SDK|GiB|KiB|IP|ID|Jinja|MIME|boothook|part handler|runcmd|bootcmd|write_files|chpasswd|ssh_pwauth|ssh_import_id|ssh_authorized_keys|lock_passwd|disable_root|users|ubuntu|debian)\b/g, // product names, units, keys and login users
  /\b[A-Z][A-Z0-9_]{2,}\b/g, // API codes and acronyms: RUNNING, SSH, QGA, API, HTTP, UTC…
  /\b[\w.]+(?:-[\w.]+)+\b/g, // ids and names: ins-web-01, before-reinstall-web-01-…
];

/** The visible text of `selector` that is neither code nor data and still reads as English. */
async function englishIn(page, selector) {
  const texts = await page.evaluate((selector) => {
    const out = [];
    for (const root of document.querySelectorAll(selector)) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!element || element.closest('code, pre, .zec-language, [hidden]')) continue;
        if (!element.getClientRects().length && !element.closest('.zec-visually-hidden')) continue;
        const text = node.textContent.trim();
        if (text) out.push(text);
      }
      // What assistive technology reads from attributes counts too.
      for (const element of root.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const name of ['aria-label', 'title', 'placeholder']) {
          const text = element.getAttribute(name);
          if (text) out.push(text);
        }
      }
    }
    return out;
  }, selector);
  const english = [];
  for (const text of texts) {
    let rest = text;
    for (const value of data) if (value.length > 1) rest = rest.split(value).join(' ');
    for (const pattern of ALLOWED) rest = rest.replace(pattern, ' ');
    if (/[A-Za-z]{2,}/.test(rest)) english.push(text);
  }
  return english;
}

test('the single flow in zh-CN: the rule message, the review, the live view and the hand-over speak Chinese', async ({ page, product }) => {
  await page.goto(`${product.base}/?lang=zh-CN`);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.getByRole('heading', { name: '实例', exact: true }).waitFor();
  expect(await englishIn(page, '.zec-list'), 'the list').toEqual([]);
  await page.getByRole('button', { name: '重装 web-01' }).click();
  await page.getByRole('heading', { name: '重装 web-01' }).waitFor();
  await page.getByText('更换镜像').click();
  await page.getByLabel('Debian 12').check();
  await page.getByRole('radio', { name: '密码', exact: true }).check();
  // A broken rule, rendered from the contract's code and values in Chinese.
  await page.getByLabel('新密码').fill('abc#1234');
  await page.getByRole('button', { name: '检查并重装' }).click();
  await page.getByRole('button', { name: '请先修正：密码' }).waitFor();
  const password = page.getByLabel('新密码');
  const messageId = (await password.getAttribute('aria-describedby')).split(' ')[0];
  await expect(page.locator(`#${messageId}`)).toHaveText('不允许使用“#”。密码尚未满足：只含字母、数字和 `~!@$^*-_=+；一个大写字母；`~!@$^*-_=+ 中的一个字符。');
  expect(await englishIn(page, 'form.zec-form'), 'the form').toEqual([]);
  expect(await englishIn(page, '.zec-app'), 'the whole page: header, panel, snapshots, activity').toEqual([]);
  await page.getByRole('button', { name: '生成' }).click();
  await page.getByRole('button', { name: '检查并重装' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.getByRole('heading', { name: '清空系统盘并重装操作系统？' }).waitFor();
  await expect(dialog).toContainText('web-01 的系统盘（40 GiB）将被清空，并安装 Debian 12。');
  expect(await englishIn(page, '.zec-dialog'), 'the review dialog').toEqual([]);
  await dialog.getByLabel(/以确认/).fill('web-01');
  await dialog.getByRole('button', { name: '清空系统盘并重装' }).click();
  await seeStatuses(page, page, ['DEPLOYING', 'RUNNING']);
  await page.getByTestId('result').getByText('重装完成。').waitFor();
  await expect(page.getByTestId('live-status')).toHaveText('运行中（RUNNING）');
  await expect(page.getByTestId('handover')).toContainText('地址：');
  expect(await englishIn(page, '.zec-timeline'), 'the live view and the hand-over').toEqual([]);
});

test.describe(() => {
  test.use({ productOptions: { reinstallSeconds: 2 } });
  test('the fleet in zh-CN: plan, review and the batch table speak Chinese', async ({ page, product }) => {
    await page.goto(`${product.base}/?lang=zh-CN`);
    await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
    for (const name of ['db-01', 'build-runner']) await page.getByLabel(`选择 ${name}`, { exact: true }).check();
    await page.getByTestId('selected-count').getByText('已选择 2 个').waitFor();
    await page.getByRole('button', { name: '重装所选的 2 个…' }).click();
    await page.getByRole('heading', { name: '按同一计划重装 2 个实例' }).waitFor();
    await page.getByTestId('fleet-images').getByLabel('Debian 12').check();
    await page.getByLabel('新密码').fill('Fleet-Pass-2026');
    expect(await englishIn(page, 'main'), 'the fleet plan').toEqual([]);
    await page.getByRole('button', { name: '检查 2 个实例的重装' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('heading', { name: '清空 2 个实例的系统盘并重装操作系统？' }).waitFor();
    expect(await englishIn(page, '.zec-dialog'), 'the fleet review').toEqual([]);
    await dialog.getByLabel(/以确认/).fill('2');
    await dialog.getByRole('button', { name: '清空 2 个系统盘并重装' }).click();
    await page.getByTestId('fleet-totals').getByText('0 个进行中 · 2 个运行中 · 0 个失败').waitFor({ timeout: 60000 });
    expect(await englishIn(page, 'main'), 'the batch table').toEqual([]);
  });
});

test('the widget with locale="zh-CN" speaks Chinese inside an English page', async ({ page, product }) => {
  await page.route(`${product.base}/portal-zh.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Portal</title>
      <script type="module" src="/widget/zec-reinstall-element.js"></script></head>
      <body><h1>Acme portal</h1><p>Your servers</p>
      <zec-reinstall locale="zh-CN" instance-id="ins-web-01"></zec-reinstall></body></html>`,
  }));
  await page.goto(`${product.base}/portal-zh.html`);
  const widget = page.locator('zec-reinstall');
  await widget.getByRole('heading', { name: '重装 web-01' }).waitFor();
  await expect(widget.locator('.zec-app')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('html'), 'the host page keeps its language').toHaveAttribute('lang', 'en');
  await expect(page.locator('h1')).toHaveText('Acme portal');
  await widget.getByRole('button', { name: '检查并重装' }).waitFor();
  // Widget events stay English: they are API.
  const fired = page.evaluate(() => new Promise((resolve) => {
    document.querySelector('zec-reinstall').addEventListener('reinstall-submitted', (event) => resolve(Object.keys(event.detail)));
  }));
  await widget.getByRole('button', { name: '检查并重装' }).click();
  await widget.getByRole('alertdialog').getByLabel(/以确认/).fill('web-01');
  await widget.getByRole('button', { name: '清空系统盘并重装' }).click();
  expect(await fired).toEqual(expect.arrayContaining(['instanceId', 'status']));
  // The attribute applies in place.
  await widget.evaluate((element) => element.setAttribute('locale', 'en'));
  await widget.getByRole('heading', { name: 'Reinstall status' }).waitFor();
  await expect(widget.locator('.zec-app')).toHaveAttribute('lang', 'en');
});

test('switching the language keeps what was typed, and the choice is kept for the next visit', async ({ page, product }) => {
  await page.goto(`${product.base}/?instance=ins-db-01`);
  await page.getByLabel('New password').fill('Typed-Before-1');
  await page.getByLabel(/Instance name/).fill('db-renamed');
  await page.getByTestId('language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '重装 db-01' }).waitFor();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByLabel('新密码'), 'nothing typed is lost').toHaveValue('Typed-Before-1');
  await expect(page.getByLabel('实例名称')).toHaveValue('db-renamed');
  await page.getByTestId('language').selectOption('en');
  await page.getByRole('heading', { name: 'Reinstall db-01' }).waitFor();
  await expect(page.getByLabel('New password')).toHaveValue('Typed-Before-1');
  // An address that names a language follows the switch, and so does the title: a reload
  // shows what was chosen last.
  await page.goto(`${product.base}/?lang=en`);
  await page.getByTestId('language').selectOption('zh-CN');
  await page.getByRole('heading', { name: '实例', exact: true }).waitFor();
  await expect(page).toHaveURL(/[?&]lang=zh-CN/);
  await expect(page).toHaveTitle('重装实例 · Zenlayer 弹性计算');
  await page.reload();
  await page.getByRole('heading', { name: '实例', exact: true }).waitFor();
  await page.getByTestId('language').selectOption('en');
  await expect(page).toHaveTitle('Reinstall an instance · Zenlayer Elastic Compute');
  await expect(page).toHaveURL(/[?&]lang=en/);
  // The saved choice wins over the browser's languages on the next visit.
  await page.getByTestId('language').selectOption('zh-CN');
  await page.goto(product.base);
  await page.getByRole('heading', { name: '实例', exact: true }).waitFor();
  await expect(page.getByTestId('language')).toHaveValue('zh-CN');
});

test.describe('a browser that prefers Chinese', () => {
  test.use({ locale: 'zh-CN' });
  test('gets Chinese without asking, the skeleton first, the catalogue only then', async ({ page, product }) => {
    const fetched = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(product.base);
    await page.getByRole('heading', { name: '实例', exact: true }).waitFor();
    expect(fetched.some((path) => /^\/zh-CN-[0-9a-f]{16}\.json$/.test(path)), 'the hashed catalogue').toBe(true);
  });
});

test('an English visit downloads no Chinese', async ({ page, product }) => {
  const fetched = [];
  page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
  await page.goto(`${product.base}/?lang=en`);
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  await page.waitForTimeout(300);
  expect(fetched.filter((path) => path.includes('zh-CN'))).toEqual([]);
});

test('when Chinese cannot be loaded, the console works in English and says English everywhere', async ({ page, product }) => {
  // The catalogue is refused: what a proxy or a replaced release could do.
  await page.route(/\/zh-CN-[0-9a-f]{16}\.json$/, (route) => route.abort());
  await page.goto(`${product.base}/?lang=zh-CN`);
  await page.getByRole('heading', { name: 'Instances', exact: true }).waitFor();
  await page.locator('tr[data-instance-id=ins-db-01]').waitFor();
  // The page does not claim a language it does not show: its lang, its title, the switcher.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveTitle(/^Reinstall an instance/);
  await expect(page.getByTestId('language')).toHaveValue('en');
});

test('a switch re-renders the list\'s own words too: the status filter and an instance without a name', async ({ page, product }) => {
  await page.goto(`${product.base}/?lang=zh-CN`);
  await page.locator('tr[data-instance-id=ins-lab-01]').waitFor();
  await expect(page.locator('tr[data-instance-id=ins-lab-01]')).toContainText('（无名称）');
  await page.getByTestId('language').selectOption('en');
  await expect(page.locator('tr[data-instance-id=ins-lab-01]')).toContainText('(no name)');
  const filters = page.getByRole('group', { name: 'Filters' });
  await expect(filters.locator('option', { hasText: /^Running$/ })).toHaveCount(1);
  await expect(filters.locator('option', { hasText: '运行中' })).toHaveCount(0);
});
