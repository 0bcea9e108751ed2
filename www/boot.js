// Loads the console: an external module, so the Content-Security-Policy allows no inline script.
// Trunk writes the content-hashed names of the glue and the wasm into <meta name="zec-console">
// (Trunk.toml's pattern_script) and preloads both, so they download while this file does.
const { js, wasm } = document.querySelector('meta[name="zec-console"]').dataset;
const { default: init } = await import(js);
await init({ module_or_path: wasm });
