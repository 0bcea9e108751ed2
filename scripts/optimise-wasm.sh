#!/usr/bin/env bash
# Shrinks a wasm file with binaryen's wasm-opt when it is new enough for the features
# rustc and wasm-bindgen emit (version 116 or later); older versions (Debian's 108) emit a
# module the browser rejects, so they are skipped with a note.
set -euo pipefail
wasm="$1"
if ! command -v wasm-opt >/dev/null 2>&1; then
  echo "note: wasm-opt not found; $wasm left unoptimised"
  exit 0
fi
version=$(wasm-opt --version | grep -Eo '[0-9]+' | head -1)
if [ "${version:-0}" -lt 116 ]; then
  echo "note: wasm-opt $version is too old for this wasm (needs >= 116); $wasm left unoptimised"
  exit 0
fi
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
echo "wasm-opt: $(wc -c < "$wasm") bytes"
