// Gives files content-hashed names and writes the new names into the file that loads them,
// so the proxy can cache them as immutable for a year (crates/zec-proxy/src/app.rs,
// `has_content_hash`) while the loading file, revalidated, always names the current ones.
//   node scripts/hash-names.mjs DIR ENTRY FILE...
// Each FILE of DIR becomes `name-<16 hex>.ext` (`name_bg.wasm` becomes `name-<16 hex>_bg.wasm`),
// and every quoted reference to it in ENTRY ("/FILE", './FILE') is rewritten; a FILE that
// ENTRY does not name is an error, since the page would then load a name that no longer
// exists. The FILEs name no other file (the glue gets the wasm's name from its caller).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, entryName, ...names] = process.argv.slice(2);
if (!dir || !entryName || names.length === 0) {
  throw new Error('usage: node scripts/hash-names.mjs DIR ENTRY FILE...');
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const entryPath = join(dir, entryName);
let entry = readFileSync(entryPath, 'utf8');
const renames = [];
for (const name of names) {
  const path = join(dir, name);
  const hash = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
  const hashed = name.replace(/(_bg)?(\.[^.]+)$/, `-${hash}$1$2`);
  // "/name" or './name' (or "name"), with the same quote on both sides.
  const reference = new RegExp(`(["'])(\\.?/)?${escape(name)}\\1`, 'g');
  let found = 0;
  entry = entry.replace(reference, (_, quote, prefix = '') => {
    found += 1;
    return `${quote}${prefix}${hashed}${quote}`;
  });
  if (found === 0) throw new Error(`${entryName} does not name ${name}`);
  renames.push([path, join(dir, hashed)]);
}
// Nothing changes on disk unless every name was found.
writeFileSync(entryPath, entry);
for (const [from, to] of renames) renameSync(from, to);
