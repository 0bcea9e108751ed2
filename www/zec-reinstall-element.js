// <zec-reinstall> custom element: the widget inside a Shadow DOM, so the host page's CSS
// cannot break it and its CSS cannot leak out. Shipped in the npm package beside the wasm;
// its types are zec-reinstall-element.d.ts.
//
//   <script type="module" src="/widget/zec-reinstall-element.js"></script>
//   <zec-reinstall instance-id="ins-123" theme="auto" session="<portal session>"></zec-reinstall>
//   element.fetchSession = async () => (await (await fetch('/portal/zec-session', { method: 'POST' })).json()).session;
//
// Language: the `locale` attribute ("en" or "zh-CN"); without it the host page's <html lang>,
// then the browser's languages. The Chinese catalogue is fetched only when chosen.
//
// Events (bubbling, composed): snapshot-created, reinstall-submitted, status-change,
// reinstall-finished, rollback-finished; event.detail = { instanceId, status, requestId }.
// Attribute and property changes apply in place (what the user typed is kept); a new
// instance-id while the form has unsent changes asks the user first.
//
// The build gives the glue, the wasm, its parts loaded on demand and the stylesheet
// content-hashed names and writes them into this file (scripts/build-widget.sh), so only this
// file is revalidated by browsers.

// The wasm download starts now, beside the glue's and the split loader's (which the glue
// imports), not after them.
const wasm = fetch(new URL('./zec_reinstall_bg.wasm', import.meta.url));
let glue = null;
const ready = Promise.all([import('./zec_reinstall.js'), import('./__wasm_split.js')]).then(async ([module]) => {
  await module.default({ module_or_path: wasm });
  glue = module;
});
// Which files each part loaded on demand needs (written into the served copy by
// scripts/hash-split.mjs; empty in the npm package, which then gives no preload hints).
const PARTS = {"parts":{}}.parts;
let panelPreloaded = false;

/**
 * A widget for one instance shows the panel first: its parts download beside the main wasm
 * (the history under the panel follows when the browser is idle).
 */
function preloadPanel() {
  if (panelPreloaded || glue) return;
  panelPreloaded = true;
  for (const file of PARTS.panel ?? []) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: new URL(`./${file}`, import.meta.url).href });
    document.head.append(link);
  }
}
const stylesheet = new URL('./zec-reinstall.css', import.meta.url);
// Each locale's catalogue (English is in the wasm), fetched only when chosen, once a page.
const catalogueUrls = { 'zh-CN': new URL('./zh-CN.json', import.meta.url).href };
const catalogues = new Map();
function loadCatalogue(tag) {
  if (!catalogues.has(tag)) {
    // Flattened for the wasm (src/i18n.rs): messages in order, '', then code/text pairs.
    const flat = (file) => [...Object.values(file.messages), '', ...Object.entries(file.codes).flat()].join('\0');
    const loaded = fetch(catalogueUrls[tag])
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(flat);
    catalogues.set(tag, loaded);
  }
  return catalogues.get(tag);
}

/** The skeleton's and the load error's words, before the wasm (and its messages) is there. */
const WORDS = {
  en: {
    instance: 'Loading the instance…',
    instances: 'Loading instances…',
    failed: 'The reinstall component could not be loaded. Reload the page to try again.',
  },
  'zh-CN': {
    instance: '正在加载实例…',
    instances: '正在加载实例…',
    failed: '重装组件加载失败，请刷新页面重试。',
  },
};

/** The locale the widget speaks: its attribute, the page's <html lang>, the browser's. */
function localeOf(element) {
  const pick = (tag) => {
    const t = String(tag || '').toLowerCase().replace('_', '-');
    if (t === 'en' || t.startsWith('en-')) return 'en';
    if ((t === 'zh' || t.startsWith('zh-')) && !/hant|-tw$|-hk$/.test(t)) return 'zh-CN';
    return null;
  };
  const asked = [element.getAttribute('locale'), document.documentElement.lang, ...(navigator.languages || [])];
  return asked.map(pick).find(Boolean) || 'en';
}

/**
 * Mounts the widget into `element` (after `ready`); returns a handle with `update(options)`
 * and `unmount()`.
 */
function mount(element, options) {
  if (!glue) throw new Error('zec-reinstall: await `ready` before calling mount()');
  return glue.mount(element, { loadCatalogue, ...options });
}

/** Attribute → option (and property) name. */
const ATTRIBUTES = {
  'instance-id': 'instanceId',
  'api-base': 'apiBase',
  theme: 'theme',
  session: 'session',
  'access-token': 'accessToken',
  locale: 'locale',
};

class ZecReinstallElement extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);

  #handle = null;
  #container = null;
  #fetchSession = null;
  #mounting = false;

  /** The page's async function returning a fresh portal session (a property only). */
  get fetchSession() {
    return this.#fetchSession;
  }

  set fetchSession(fetchSession) {
    if (fetchSession != null && typeof fetchSession !== 'function') {
      throw new TypeError('zec-reinstall: fetchSession must be a function returning a promise of the session');
    }
    this.#fetchSession = fetchSession ?? null;
    this.#handle?.update({ fetchSession: this.#fetchSession });
  }

  connectedCallback() {
    // A property set before the element was defined is an own property hiding the
    // element's setter: set it again through the setter.
    for (const property of ['fetchSession', ...Object.values(ATTRIBUTES)]) {
      if (Object.prototype.hasOwnProperty.call(this, property)) {
        const value = this[property];
        delete this[property];
        this[property] = value;
      }
    }
    this.#render();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback(name, previous, value) {
    // Before the mount, the mount reads every attribute.
    if (!this.#handle || previous === value) return;
    this.#handle.update({ [ATTRIBUTES[name]]: value });
  }

  #unmount() {
    if (this.#handle) {
      this.#handle.unmount();
      this.#handle.free();
      this.#handle = null;
    }
  }

  async #render() {
    if (!this.shadowRoot) {
      // Painted at once: the stylesheet and a skeleton, replaced when the wasm has loaded.
      const root = this.attachShadow({ mode: 'open' });
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = stylesheet.href;
      this.#container = document.createElement('div');
      this.#container.className = 'zec-host';
      const skeleton = document.createElement('div');
      const locale = localeOf(this);
      skeleton.className = 'zec-app';
      skeleton.lang = locale;
      skeleton.dataset.theme = this.getAttribute('theme') || 'auto';
      const loading = document.createElement('p');
      loading.className = 'zec-loading';
      loading.setAttribute('role', 'status');
      loading.textContent = WORDS[locale][this.getAttribute('instance-id') ? 'instance' : 'instances'];
      skeleton.append(loading);
      this.#container.append(skeleton);
      root.append(link, this.#container);
    }
    if (this.#mounting || this.#handle) return;
    if (this.getAttribute('instance-id')) preloadPanel();
    this.#mounting = true;
    try {
      await ready;
    } catch (error) {
      // The wasm or its glue did not load: say so in place of the skeleton.
      const failed = this.#container.querySelector('.zec-loading');
      if (failed) {
        failed.setAttribute('role', 'alert');
        failed.textContent = WORDS[localeOf(this)].failed;
      }
      throw error;
    } finally {
      this.#mounting = false;
    }
    // Disconnected while the wasm loaded, or mounted by a reconnect meanwhile.
    if (!this.isConnected || this.#handle) return;
    this.#container.replaceChildren();
    const options = { fetchSession: this.#fetchSession };
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value !== null && value !== '') options[option] = value;
    }
    this.#handle = mount(this.#container, options);
  }
}

// Each attribute is also a property (reflected), as for built-in elements.
for (const [attribute, property] of Object.entries(ATTRIBUTES)) {
  Object.defineProperty(ZecReinstallElement.prototype, property, {
    get() {
      return this.getAttribute(attribute);
    },
    set(value) {
      if (value == null) this.removeAttribute(attribute);
      else this.setAttribute(attribute, String(value));
    },
    configurable: true,
    enumerable: true,
  });
}

if (!customElements.get('zec-reinstall')) {
  customElements.define('zec-reinstall', ZecReinstallElement);
}

export { mount, ready, ZecReinstallElement };
