// <zec-reinstall> custom element: the widget inside a Shadow DOM, so the host page's CSS
// cannot break it and its CSS cannot leak out. Shipped in the npm package beside the wasm.
//
//   <script type="module" src="/widget/zec-reinstall-element.js"></script>
//   <zec-reinstall instance-id="ins-123" api-base="" theme="auto"></zec-reinstall>
//
// Events (bubbling, composed): snapshot-created, reinstall-submitted, status-change, reinstall-finished, rollback-finished;
// event.detail = { instanceId, status, requestId }.
//
// The build gives the glue, the wasm and the stylesheet content-hashed names and writes them
// into this file (scripts/build-widget.sh), so only this file is revalidated by browsers.

// The wasm download starts now, beside the glue's, not after it.
const wasm = fetch(new URL('./zec_reinstall_bg.wasm', import.meta.url));
let glue = null;
const ready = import('./zec_reinstall.js').then(async (module) => {
  await module.default({ module_or_path: wasm });
  glue = module;
});
const stylesheet = new URL('./zec-reinstall.css', import.meta.url);

/** Mounts the widget into `element` (after `ready`); returns a handle with `unmount()`. */
function mount(element, options) {
  if (!glue) throw new Error('zec-reinstall: await `ready` before calling mount()');
  return glue.mount(element, options);
}

const ATTRIBUTES = { 'instance-id': 'instanceId', 'api-base': 'apiBase', theme: 'theme', 'access-token': 'accessToken' };

class ZecReinstallElement extends HTMLElement {
  static observedAttributes = Object.keys(ATTRIBUTES);

  #handle = null;
  #container = null;
  #renders = 0;

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#unmount();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#render();
  }

  #unmount() {
    if (this.#handle) {
      this.#handle.unmount();
      this.#handle.free();
      this.#handle = null;
    }
  }

  async #render() {
    const render = ++this.#renders;
    if (!this.shadowRoot) {
      // Painted at once: the stylesheet and a skeleton, replaced when the wasm has loaded.
      const root = this.attachShadow({ mode: 'open' });
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = stylesheet.href;
      this.#container = document.createElement('div');
      this.#container.className = 'zec-host';
      const skeleton = document.createElement('div');
      skeleton.className = 'zec-app';
      skeleton.dataset.theme = this.getAttribute('theme') || 'auto';
      const loading = document.createElement('p');
      loading.className = 'zec-loading';
      loading.setAttribute('role', 'status');
      loading.textContent = this.getAttribute('instance-id') ? 'Loading the instance…' : 'Loading instances…';
      skeleton.append(loading);
      this.#container.append(skeleton);
      root.append(link, this.#container);
    }
    await ready;
    // Only the latest attribute change renders (several can arrive before the wasm loads).
    if (render !== this.#renders || !this.isConnected) return;
    this.#unmount();
    this.#container.replaceChildren();
    const options = {};
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      const value = this.getAttribute(attribute);
      if (value !== null && value !== '') options[option] = value;
    }
    this.#handle = mount(this.#container, options);
  }
}

if (!customElements.get('zec-reinstall')) {
  customElements.define('zec-reinstall', ZecReinstallElement);
}

export { mount, ready };
