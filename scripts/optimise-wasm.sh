#!/usr/bin/env bash
# Shrinks a wasm file with binaryen's wasm-opt from npm (tools/package.json, installed by
# scripts/install-tools.sh), so every machine builds the same size. The --enable flags are
# the features rustc and wasm-bindgen emit.
#   scripts/optimise-wasm.sh FILE.wasm     optimises FILE.wasm in place
#   scripts/optimise-wasm.sh --version     prints the wasm-opt version used
set -euo pipefail
cd "$(dirname "$0")/.."
wasm_opt=tools/node_modules/.bin/wasm-opt
if [ ! -x "$wasm_opt" ]; then
  echo "error: $wasm_opt is missing; run scripts/install-tools.sh run" >&2
  exit 1
fi
version="$("$wasm_opt" --version | grep -Eo '[0-9]+' | head -1)"
if [ "$1" = --version ]; then
  echo "wasm-opt $version"
  exit 0
fi
wasm="$(realpath "$1")"
"$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "wasm-opt $version: $(wc -c < "$wasm") bytes"
