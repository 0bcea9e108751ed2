// Loads the console: an external module, so the Content-Security-Policy allows no inline script.
// The page names the content-hashed glue and wasm in <meta name="zec-console"> (written by
// scripts/build-console.sh) and preloads both, so they download while this file does.
const meta = document.querySelector('meta[name="zec-console"]');
const { js, wasm, parts } = meta.dataset;
// An address that opens an instance's panel (`?instance=`) needs the panel's parts at once:
// they download beside the main wasm instead of after it. The other parts, the history under
// the panel among them, download when the browser is idle after the first view (src/chunks.rs).
const preload = (names) => {
  const files = JSON.parse(parts).parts;
  for (const file of new Set(names.flatMap((name) => files[name] ?? []))) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: new URL(file, new URL(js, location.href)).href });
    document.head.append(link);
  }
};
const opensPanel = new URLSearchParams(location.search).has('instance');
if (opensPanel) preload(['panel']);
// The list's first page, asked now so its answer comes in with the wasm, not after it: the
// wasm's first identical call takes it (src/api/first.rs; the list asks for 10 instances a
// page, pageSize before pageNum as its request type writes them). A panel address asks for
// its instance first.
let first = null;
if (!opensPanel) {
  first = { url: '/api/v2/zec', action: 'DescribeInstances', body: JSON.stringify({ pageSize: 10, pageNum: 1 }) };
  first.answer = fetch(first.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-zc-action': first.action },
    body: first.body,
  }).then(async (response) => ({ status: response.status, body: await response.text() }));
  first.answer.catch(() => {}); // failed: the list asks itself
}
// The language is chosen here, before the wasm arrives, so the skeleton speaks it at once:
// `?lang=`, then the switcher's saved choice, then the browser's languages (en or zh-CN).
const pick = (tag) => {
  const t = String(tag || '').toLowerCase().replace('_', '-');
  if (t === 'en' || t.startsWith('en-')) return 'en';
  if ((t === 'zh' || t.startsWith('zh-')) && !/hant|-tw$|-hk$/.test(t)) return 'zh-CN';
  return null;
};
let saved = null;
try { saved = localStorage.getItem('zec-reinstall.lang'); } catch { /* storage refused */ }
const asked = [new URLSearchParams(location.search).get('lang'), saved, ...(navigator.languages || [])];
const locale = asked.map(pick).find(Boolean) || 'en';
if (locale !== 'en') {
  document.documentElement.lang = locale;
  // The skeleton's texts in this language (data-zh-cn on each element that has text).
  const key = 'data-' + locale.toLowerCase();
  for (const element of document.querySelectorAll(`#zec-boot [${key}]`)) element.textContent = element.getAttribute(key);
  const title = meta.getAttribute('data-title-' + locale.toLowerCase());
  if (title) document.title = title;
}
// A locale's catalogue (English is in the wasm), fetched when that locale is chosen: now for
// the chosen one, so it downloads beside the wasm.
const catalogues = new Map();
const loadCatalogue = (tag) => {
  if (!catalogues.has(tag)) {
    const url = meta.getAttribute('data-' + tag.toLowerCase());
    // Flattened for the wasm (src/i18n.rs): messages in order, '', then code/text pairs.
    const flat = (file) => [...Object.values(file.messages), '', ...Object.entries(file.codes).flat()].join('\0');
    catalogues.set(tag, fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`)))).then(flat));
  }
  return catalogues.get(tag);
};
// Another language than English also needs the code that reads its catalogue (a part).
if (locale !== 'en') {
  loadCatalogue(locale).catch(() => {});
  preload(['language']);
}
const { default: init, start_console: startConsole } = await import(js);
await init({ module_or_path: wasm });
startConsole(locale, loadCatalogue, first);
