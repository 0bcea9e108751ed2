// `make bench`: what a first visit downloads and what each part loaded on demand adds, per
// file and in total, raw, gzip -9 and brotli 11, for the console (index.html and what it
// loads) and the widget (dist/widget/: the list, and one instance). The parts and the files
// each needs are read from the page (`data-parts`, written by scripts/hash-split.mjs).
//   node e2e/bench/sizes.mjs dist
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function measure(dir, name) {
  const raw = readFileSync(join(dir, name));
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length,
  };
}

function report(label, dir, names, budget) {
  let total = { raw: 0, gzip: 0, brotli: 0 };
  console.log(`  ${label}`);
  for (const name of names) {
    const size = measure(dir, name);
    total = { raw: total.raw + size.raw, gzip: total.gzip + size.gzip, brotli: total.brotli + size.brotli };
    console.log(`    ${name.padEnd(44)} ${String(size.raw).padStart(8)} raw ${String(size.gzip).padStart(8)} gzip ${String(size.brotli).padStart(8)} brotli`);
  }
  const against = budget ? `  (budget ${budget} KiB gzip)` : '';
  console.log(`    ${'total'.padEnd(44)} ${kib(total.raw).padStart(12)} ${kib(total.gzip).padStart(12)} gzip ${kib(total.brotli).padStart(12)} brotli${against}`);
}

const served = (dir, pattern) => readdirSync(dir).filter((name) => pattern.test(name)).sort();
const isPart = (name) => /^(split|chunk)_.*\.wasm$/.test(name);

// The console: the page and what it loads first (everything but the parts and the embed demo).
const page = readFileSync(join(dist, 'index.html'), 'utf8');
const consoleParts = JSON.parse(page.match(/data-parts='([^']+)'/)[1]).parts;
report('console, first view (index.html, glue, loader, main wasm, JS, CSS)', dist,
  ['index.html', ...served(dist, /^(?!embed).*\.(wasm|js|css)$/).filter((name) => !isPart(name))], 150);
// Each part with the files it needs that the first view has not loaded (shared chunks are
// downloaded once, by the first part that needs them).
for (const [part, files] of Object.entries(consoleParts)) report(`console, part "${part}" (on first use)`, dist, files);
report('console, every part (all files downloaded after the first view)', dist, served(dist, /\.wasm$/).filter(isPart));

const widget = join(dist, 'widget');
const entry = readFileSync(join(widget, 'zec-reinstall-element.js'), 'utf8');
const widgetParts = JSON.parse(entry.match(/const PARTS = (\{.*\})\.parts;/)[1]).parts;
const widgetFirst = served(widget, /\.(wasm|js|css)$/).filter((name) => !isPart(name));
report('widget, the list (entry script, glue, loader, main wasm, CSS)', widget, widgetFirst);
report('widget for one instance (the above and the panel\'s parts)', widget, [...widgetFirst, ...widgetParts.panel], 200);
// The history under the panel: downloaded when the browser is idle after the form shows.
report('widget for one instance, then at idle (the history\'s files the panel has not loaded)', widget,
  (widgetParts.activity ?? []).filter((file) => !widgetParts.panel.includes(file)));
// Not in the first download: fetched only when a visitor chooses Chinese.
report('on demand (the Chinese catalogue, fetched only when chosen)', dist, served(dist, /^zh-CN-.*\.json$/));
