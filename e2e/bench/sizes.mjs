// `make bench`: what a first visit downloads, per file and in total, raw, gzip -9 and
// brotli 11, for the console (index.html and what it loads) and the widget (dist/widget/).
//   node e2e/bench/sizes.mjs dist
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;

function report(label, dir, names) {
  let total = { raw: 0, gzip: 0, brotli: 0 };
  console.log(`  ${label}`);
  for (const name of names) {
    const raw = readFileSync(join(dir, name));
    const gzip = gzipSync(raw, { level: 9 }).length;
    const brotli = brotliCompressSync(raw, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
    }).length;
    total = { raw: total.raw + raw.length, gzip: total.gzip + gzip, brotli: total.brotli + brotli };
    console.log(`    ${name.padEnd(40)} ${String(raw.length).padStart(8)} raw ${String(gzip).padStart(8)} gzip ${String(brotli).padStart(8)} brotli`);
  }
  console.log(`    ${'total'.padEnd(40)} ${kib(total.raw).padStart(12)} ${kib(total.gzip).padStart(12)} gzip ${kib(total.brotli).padStart(12)} brotli  (budget 150 KiB gzip, stretch 100)`);
}

const served = (dir, pattern) => readdirSync(dir).filter((name) => pattern.test(name)).sort();
report('console (index.html + wasm, JS, CSS)', dist, ['index.html', ...served(dist, /^(?!embed).*\.(wasm|js|css)$/)]);
report('widget (dist/widget: entry script, glue, wasm, CSS)', join(dist, 'widget'), served(join(dist, 'widget'), /\.(wasm|js|css)$/));
// Not in the first download: fetched only when a visitor chooses Chinese.
report('on demand (the Chinese catalogue, fetched only when chosen)', dist, served(dist, /^zh-CN-.*\.json$/));
