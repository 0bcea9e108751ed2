// Writes `FILE.br` (brotli, quality 11) and `FILE.gz` (gzip -9) beside every HTML, JS, CSS,
// wasm and JSON file of the given folder (not its subfolders), when smaller than the file.
// The proxy serves them by Accept-Encoding (tower-http ServeDir's precompressed_br/gzip), so
// nothing is compressed per request and the best levels cost nothing at run time.
//   node scripts/precompress.mjs dist
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node scripts/precompress.mjs DIR');
const COMPRESSIBLE = /\.(html|js|mjs|css|wasm|json|svg)$/;

// Variants of an earlier run go first; they are written again for the files still here.
for (const name of readdirSync(dir)) {
  if (/\.(br|gz)$/.test(name)) rmSync(join(dir, name));
}
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  if (!COMPRESSIBLE.test(name) || !statSync(path).isFile()) continue;
  const raw = readFileSync(path);
  const variants = {
    br: brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_LGWIN]: constants.BROTLI_MAX_WINDOW_BITS,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    }),
    gz: gzipSync(raw, { level: 9 }),
  };
  for (const [ext, body] of Object.entries(variants)) {
    if (body.length < raw.length) writeFileSync(`${path}.${ext}`, body);
  }
}
