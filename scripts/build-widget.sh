#!/usr/bin/env bash
# Builds the embeddable widget: the ES-module package (pkg/: wasm-bindgen output, the
# custom-element shim, the stylesheet, package.json) and a served copy in the given folder
# with content-hashed names and brotli/gzip variants (the proxy serves it at /widget/).
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-dist/widget}"
cd "$(dirname "$0")/.."

# The wasm the console also uses (scripts/build-wasm.sh: cargo, wasm-bindgen, wasm-opt).
web="$(bash scripts/target-dir.sh)/web"
bash scripts/build-wasm.sh "$web"
rm -rf pkg
mkdir pkg
cp "$web"/zec_reinstall.js "$web"/__wasm_split.js "$web"/*.wasm "$web"/zec_reinstall.d.ts \
  "$web"/zec_reinstall_bg.wasm.d.ts pkg/
cp www/zec-reinstall-element.js pkg/zec-reinstall-element.js
cp www/styles.css pkg/zec-reinstall.css
# The Chinese catalogue, fetched only when that language is chosen.
cp locales/zh-CN.json pkg/zh-CN.json
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
    // The split loader and the parts loaded on demand (split_*.wasm, chunk_*.wasm) beside
    // the main wasm: the loader fetches them relative to itself. zh-CN.json: the Chinese
    // catalogue, fetched only when that language is chosen.
    files: ["zec_reinstall_bg.wasm", "zec_reinstall.js", "__wasm_split.js", "split_*.wasm", "chunk_*.wasm",
      "zec_reinstall.d.ts", "zec-reinstall-element.js", "zec-reinstall-element.d.ts", "react.d.ts", "vue.d.ts",
      "zec-reinstall.css", "zh-CN.json"],
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
cp pkg/package.json pkg/zec_reinstall.js pkg/__wasm_split.js pkg/*.wasm pkg/zec-reinstall-element.js \
  pkg/zec-reinstall.css pkg/zh-CN.json "$out"/
# Served copy: the glue, the wasm, its parts, the stylesheet and the catalogue get
# content-hashed names (cached as immutable by the proxy) and the entry script, the one fixed
# name portals use, names them.
node scripts/hash-split.mjs "$out" zec-reinstall-element.js
node scripts/hash-names.mjs "$out" zec-reinstall-element.js zec-reinstall.css zh-CN.json
node scripts/precompress.mjs "$out"
echo "widget package: pkg/ (served copy with hashed names in $out)"
