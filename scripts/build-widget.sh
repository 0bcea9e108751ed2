#!/usr/bin/env bash
# Builds the embeddable widget: the ES-module package (pkg/: wasm-bindgen output, the
# custom-element shim, the stylesheet, package.json) and a served copy in the given folder
# with content-hashed names and brotli/gzip variants (the proxy serves it at /widget/).
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-dist/widget}"
cd "$(dirname "$0")/.."

# The library built as a cdylib alone: `wasm-pack build` builds the crate's two types
# together (cdylib + rlib, which the console and the tests need), and that wasm is 38 KB
# gzip larger for the same code (docs/size.md). wasm-bindgen is the version Cargo.lock pins,
# and wasm-opt comes from npm binaryen (scripts/optimise-wasm.sh), so nothing is downloaded.
cargo rustc --lib --crate-type cdylib --profile wasm-release --target wasm32-unknown-unknown
rm -rf pkg
wasm-bindgen --target web --out-dir pkg --out-name zec_reinstall \
  "$(bash scripts/target-dir.sh)/wasm32-unknown-unknown/wasm-release/zec_reinstall.wasm"
bash scripts/optimise-wasm.sh pkg/zec_reinstall_bg.wasm
cp www/zec-reinstall-element.js pkg/zec-reinstall-element.js
cp www/styles.css pkg/zec-reinstall.css
# The package's TypeScript declarations: the element, React 19 JSX, Vue 3 (checked with tsc
# by scripts/test-e2e.sh, e2e/types/).
cp www/types/zec-reinstall-element.d.ts www/types/react.d.ts www/types/vue.d.ts pkg/
# The npm package's manifest, from Cargo.toml's fields; the element is its entry point.
node -e '
  const fs = require("fs");
  const cargo = fs.readFileSync("Cargo.toml", "utf8");
  const field = (name) => cargo.match(new RegExp(`^${name} = "(.*)"`, "m"))[1];
  const pkg = {
    name: "zec-reinstall",
    type: "module",
    description: field("description"),
    version: field("version"),
    license: "MIT OR Apache-2.0",
    repository: { type: "git", url: "https://github.com/zec-reinstall/zec-reinstall" },
    files: ["zec_reinstall_bg.wasm", "zec_reinstall.js", "zec_reinstall.d.ts", "zec-reinstall-element.js",
      "zec-reinstall-element.d.ts", "react.d.ts", "vue.d.ts", "zec-reinstall.css"],
    main: "zec-reinstall-element.js",
    types: "zec-reinstall-element.d.ts",
    exports: {
      ".": { types: "./zec-reinstall-element.d.ts", default: "./zec-reinstall-element.js" },
      "./react": { types: "./react.d.ts" },
      "./vue": { types: "./vue.d.ts" },
      "./core": { types: "./zec_reinstall.d.ts", default: "./zec_reinstall.js" },
      "./style.css": "./zec-reinstall.css",
    },
  };
  fs.writeFileSync("pkg/package.json", JSON.stringify(pkg, null, 2) + "\n");
'
rm -rf "$out"
mkdir -p "$out"
cp pkg/package.json pkg/zec_reinstall.js pkg/zec_reinstall_bg.wasm pkg/zec-reinstall-element.js pkg/zec-reinstall.css "$out"/
# Served copy: the glue, the wasm and the stylesheet get content-hashed names (cached as
# immutable by the proxy) and the entry script, the one fixed name portals use, names them.
node -e '
  const fs = require("fs"), path = require("path"), crypto = require("crypto");
  const out = process.argv[1];
  const element = path.join(out, "zec-reinstall-element.js");
  let entry = fs.readFileSync(element, "utf8");
  for (const [name, hashedName] of [
    ["zec_reinstall.js", (h) => `zec_reinstall-${h}.js`],
    ["zec_reinstall_bg.wasm", (h) => `zec_reinstall-${h}_bg.wasm`],
    ["zec-reinstall.css", (h) => `zec-reinstall-${h}.css`],
  ]) {
    const file = path.join(out, name);
    const hash = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 16);
    fs.renameSync(file, path.join(out, hashedName(hash)));
    const reference = `\x27./${name}\x27`;
    if (!entry.includes(reference)) throw new Error(`zec-reinstall-element.js does not name ${reference}`);
    entry = entry.replaceAll(reference, `\x27./${hashedName(hash)}\x27`);
  }
  fs.writeFileSync(element, entry);
' "$out"
node scripts/precompress.mjs "$out"
echo "widget package: pkg/ (served copy with hashed names in $out)"
