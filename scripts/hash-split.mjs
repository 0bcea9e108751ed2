// Gives the split wasm's files content-hashed names (scripts/build-wasm.sh's output, copied
// into DIR) and writes the names into ENTRY, the file that loads them, so the proxy caches
// them as immutable (crates/zec-proxy/src/app.rs, `has_content_hash`):
//   node scripts/hash-split.mjs DIR ENTRY
// - each part (split_<part>.wasm, chunk_<n>.wasm) by its own bytes, written into the loader;
// - the glue and the loader import each other, so they share one hash over both (and the
//   parts' names the loader now holds): a change in either renames both, and no name ever
//   points at other contents;
// - the main wasm by its own bytes (the glue gets its name from the caller).
// ENTRY's quoted references to zec_reinstall.js, zec_reinstall_bg.wasm and __wasm_split.js
// ("/x", './x') are rewritten, and its `{"parts":{}}` placeholder becomes which files each
// part needs ({"parts":{"panel":["split_panel-….wasm", …]}}), for the preload hints. A name
// ENTRY should hold but does not is an error.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from './minify.mjs';
import { renameReferences } from './references.mjs';

const [dir, entryName] = process.argv.slice(2);
if (!dir || !entryName) throw new Error('usage: node scripts/hash-split.mjs DIR ENTRY');

const hash = (...parts) => {
  const digest = createHash('sha256');
  for (const part of parts) digest.update(part);
  return digest.digest('hex').slice(0, 16);
};
const read = (name) => readFileSync(join(dir, name), 'utf8');
const replaceAll = (text, from, to, where) => {
  if (!text.includes(from)) throw new Error(`${where} does not name ${from}`);
  return text.replaceAll(from, to);
};

// 1. The parts, and which files each one needs. The loader declares, per part,
//    `export const __wasm_split_load_<part> = wrapAsyncCb(makeLoad(… "./split_<part>.wasm" …, [deps]))`
//    and per shared chunk `const __chunk_<n> = makeLoad(… "./chunk_<n>.wasm" …, [deps])`.
let loader = read('__wasm_split.js');
const hashed = {};
for (const name of readdirSync(dir).filter((n) => /^(split|chunk)_.*\.wasm$/.test(n))) {
  hashed[name] = name.replace(/\.wasm$/, `-${hash(readFileSync(join(dir, name)))}.wasm`);
}
const declarations = [...loader.matchAll(
  /(?:export const __wasm_split_load_(\w+)|const (__chunk_\w+)) = (?:wrapAsyncCb\()?makeLoad\(\(\) => \{[^}]*?"\.\/([\w.]+\.wasm)"[\s\S]*?\n, \[([\w, ]*)\]\)/g,
)].map(([, part, chunk, file, deps]) => ({
  part, chunk, file, deps: deps.split(',').map((d) => d.trim()).filter(Boolean),
}));
const byChunk = Object.fromEntries(declarations.filter((d) => d.chunk).map((d) => [d.chunk, d]));
const files = (declaration) => [
  hashed[declaration.file],
  ...declaration.deps.flatMap((dep) => {
    if (!byChunk[dep]) throw new Error(`__wasm_split.js: unknown dependency ${dep}`);
    return files(byChunk[dep]);
  }),
];
const parts = Object.fromEntries(declarations.filter((d) => d.part).map((d) => [d.part, files(d)]));
const declared = declarations.map((d) => d.file).sort().join(' ');
if (declared !== Object.keys(hashed).sort().join(' ')) {
  throw new Error(`__wasm_split.js declares ${declared}; the folder has ${Object.keys(hashed).join(' ')}`);
}
for (const [name, newName] of Object.entries(hashed)) {
  loader = replaceAll(loader, `"./${name}"`, `"./${newName}"`, '__wasm_split.js');
  renameSync(join(dir, name), join(dir, newName));
}

// 2. The glue and the loader, minified (the first view downloads the whole glue: every
//    import of every part is in it): one hash. Only the module specifiers change: the
//    import object's key in the glue must stay the name written in the wasm.
let glue = minify(read('zec_reinstall.js'));
loader = minify(loader);
const shared = hash(glue, loader);
const names = {
  'zec_reinstall.js': `zec_reinstall-${shared}.js`,
  '__wasm_split.js': `__wasm_split-${shared}.js`,
  'zec_reinstall_bg.wasm': `zec_reinstall-${hash(readFileSync(join(dir, 'zec_reinstall_bg.wasm')))}_bg.wasm`,
};
const renameImport = (text, name, where) => {
  // `from"./x.js"` once minified; the import object's key "./x.js" stays as it is.
  const specifier = new RegExp(`(from\\s*)"\\./${name.replace('.', '\\.')}"`, 'g');
  if (!specifier.test(text)) throw new Error(`${where} does not import ${name}`);
  return text.replace(specifier, `$1"./${names[name]}"`);
};
loader = renameImport(loader, 'zec_reinstall.js', '__wasm_split.js');
glue = renameImport(glue, '__wasm_split.js', 'zec_reinstall.js');
writeFileSync(join(dir, names['zec_reinstall.js']), glue);
writeFileSync(join(dir, names['__wasm_split.js']), loader);
rmSync(join(dir, 'zec_reinstall.js'));
rmSync(join(dir, '__wasm_split.js'));
renameSync(join(dir, 'zec_reinstall_bg.wasm'), join(dir, names['zec_reinstall_bg.wasm']));

// 3. The entry: the new names, and which files each part needs (for the preload hints).
const entryPath = join(dir, entryName);
let entry = renameReferences(readFileSync(entryPath, 'utf8'), entryName, Object.entries(names));
entry = replaceAll(entry, '{"parts":{}}', JSON.stringify({ parts }), entryName);
writeFileSync(entryPath, entry);
console.log(`parts: ${JSON.stringify(parts)}`);
