// Loads the console: an external module, so the Content-Security-Policy allows no inline script.
// The page names the content-hashed glue and wasm in <meta name="zec-console"> (written by
// scripts/build-console.sh) and preloads both, so they download while this file does.
const { js, wasm } = document.querySelector('meta[name="zec-console"]').dataset;
const { default: init, start_console: startConsole } = await import(js);
await init({ module_or_path: wasm });
startConsole();
