#!/usr/bin/env bash
# Builds the embeddable widget: the wasm-pack ES-module package (pkg/) plus the custom-element
# shim and the stylesheet, and copies it to the given folder (the proxy serves it there).
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-dist/widget}"
cd "$(dirname "$0")/.."

# --no-opt: wasm-pack would download binaryen; scripts/optimise-wasm.sh uses a local one.
wasm-pack build --target web --profile wasm-release --no-opt --out-dir pkg
bash scripts/optimise-wasm.sh pkg/zec_reinstall_bg.wasm
cp www/zec-reinstall-element.js pkg/zec-reinstall-element.js
cp www/styles.css pkg/zec-reinstall.css
# List the shim and the stylesheet in the package and make the element its entry point.
node -e '
  const fs = require("fs");
  const pkg = JSON.parse(fs.readFileSync("pkg/package.json", "utf8"));
  pkg.files = Array.from(new Set([...(pkg.files || []), "zec-reinstall-element.js", "zec-reinstall.css"]));
  pkg.exports = { ".": "./zec-reinstall-element.js", "./core": "./zec_reinstall.js", "./style.css": "./zec-reinstall.css" };
  fs.writeFileSync("pkg/package.json", JSON.stringify(pkg, null, 2) + "\n");
'
rm -rf "$out"
mkdir -p "$out"
cp pkg/package.json pkg/zec_reinstall.js pkg/zec_reinstall_bg.wasm pkg/zec-reinstall-element.js pkg/zec-reinstall.css "$out"/
echo "widget package: pkg/ (copied to $out)"
