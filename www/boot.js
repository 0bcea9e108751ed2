// Loads the console: an external module, so the Content-Security-Policy allows no inline script.
// The page names the content-hashed glue and wasm in <meta name="zec-console"> (written by
// scripts/build-console.sh) and preloads both, so they download while this file does.
const { js, wasm, parts } = document.querySelector('meta[name="zec-console"]').dataset;
// An address that opens an instance's panel (`?instance=`) needs the panel's parts at once
// (the panel and its activity): they download beside the main wasm instead of after it. The
// other parts download when the browser is idle after the first view (src/chunks.rs).
if (new URLSearchParams(location.search).has('instance')) {
  const { panel = [], activity = [] } = JSON.parse(parts).parts;
  for (const file of new Set([...panel, ...activity])) {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: new URL(file, new URL(js, location.href)).href });
    document.head.append(link);
  }
}
const { default: init, start_console: startConsole } = await import(js);
await init({ module_or_path: wasm });
startConsole();
