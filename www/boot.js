// Loads the console: an external module, so the Content-Security-Policy allows no inline script.
import init from './zec-reinstall.js';

await init({ module_or_path: new URL('./zec-reinstall_bg.wasm', import.meta.url) });
