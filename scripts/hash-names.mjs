// Gives files content-hashed names and writes the new names into the file that loads them,
// so the proxy can cache them as immutable for a year (crates/zec-proxy/src/app.rs,
// `has_content_hash`) while the loading file, revalidated, always names the current ones.
//   node scripts/hash-names.mjs DIR ENTRY FILE...
// Each FILE of DIR becomes `name-<16 hex>.ext` (`name_bg.wasm` becomes `name-<16 hex>_bg.wasm`),
// and every quoted reference to it in ENTRY ("/FILE", './FILE') is rewritten; a FILE that
// ENTRY does not name is an error, since the page would then load a name that no longer
// exists. The FILEs name no other file (the glue gets the wasm's name from its caller).
// A .js or .css FILE is minified first (scripts/minify.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from './minify.mjs';
import { renameReferences } from './references.mjs';

const [dir, entryName, ...names] = process.argv.slice(2);
if (!dir || !entryName || names.length === 0) {
  throw new Error('usage: node scripts/hash-names.mjs DIR ENTRY FILE...');
}

const entryPath = join(dir, entryName);
for (const name of names.filter((n) => /\.(js|css)$/.test(n))) {
  const path = join(dir, name);
  writeFileSync(path, minify(readFileSync(path, 'utf8'), name.endsWith('.css') ? 'css' : 'js'));
}
const renames = names.map((name) => {
  const hash = createHash('sha256').update(readFileSync(join(dir, name))).digest('hex').slice(0, 16);
  return [name, name.replace(/(_bg)?(\.[^.]+)$/, `-${hash}$1$2`)];
});
const entry = renameReferences(readFileSync(entryPath, 'utf8'), entryName, renames);
// Nothing changes on disk unless every name was found.
writeFileSync(entryPath, entry);
for (const [from, to] of renames) renameSync(join(dir, from), join(dir, to));
