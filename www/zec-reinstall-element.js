// <zec-reinstall> custom element: the widget inside a Shadow DOM, so the host page's CSS
// cannot break it and its CSS cannot leak out. Shipped in the npm package beside the wasm.
//
//   <script type="module" src="/widget/zec-reinstall-element.js"></script>
//   <zec-reinstall instance-id="ins-123" api-base="" theme="auto"></zec-reinstall>
//
// Events (bubbling, composed): snapshot-created, reinstall-submitted, status-change, reinstall-finished, rollback-finished;
// event.detail = { instanceId, status, requestId }.
import init, { mount } from './zec_reinstall.js';

const ready = init({ module_or_path: new URL('./zec_reinstall_bg.wasm', import.meta.url) });
const stylesheet = new URL('./zec-reinstall.css', import.meta.url);

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
    await ready;
    // Only the latest attribute change renders (several can arrive before the wasm loads).
    if (render !== this.#renders || !this.isConnected) return;
    if (!this.shadowRoot) {
      const root = this.attachShadow({ mode: 'open' });
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = stylesheet.href;
      this.#container = document.createElement('div');
      this.#container.className = 'zec-host';
      root.append(link, this.#container);
    }
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
