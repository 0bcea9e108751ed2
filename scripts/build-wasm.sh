#!/usr/bin/env bash
# Builds the one wasm the console and the widget share, with nothing downloaded at build time:
#   cargo (the library as a cdylib alone, wasm32, profile wasm-release)
#   → wasm-bindgen (the CLI of the version Cargo.lock pins, --target web)
#   → wasm-opt (npm binaryen, scripts/optimise-wasm.sh)
# into the given folder (default: <cargo target dir>/web): zec_reinstall.js (the glue),
# zec_reinstall_bg.wasm and their TypeScript declarations. scripts/build-console.sh and
# scripts/build-widget.sh take their files from there and name them by content.
# When cargo's wasm has not changed since the last run, the folder is left as it is, so
# building the console and then the widget binds and optimises once.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
target="$(bash scripts/target-dir.sh)"
out="${1:-$target/web}"

# A cdylib alone: `wasm-pack build` builds the crate's two types together (cdylib + rlib,
# which the tests need), and that wasm is 38 KB gzip larger for the same code (docs/size.md).
# This is also where the on-demand split will go: cargo's output split into chunks before
# wasm-bindgen binds the main one (issue 22).
cargo rustc --lib --crate-type cdylib --profile wasm-release --target wasm32-unknown-unknown
wasm="$target/wasm32-unknown-unknown/wasm-release/zec_reinstall.wasm"

# What the folder was made from: cargo's wasm, the two tools' versions and these scripts.
source_id="$(cat "$wasm" scripts/build-wasm.sh scripts/optimise-wasm.sh | sha256sum | cut -d' ' -f1)"
source_id+=" $(wasm-bindgen --version) $(bash scripts/optimise-wasm.sh --version)"
if [ -f "$out/zec_reinstall_bg.wasm" ] && [ "$(cat "$out/.made-from" 2>/dev/null)" = "$source_id" ]; then
  echo "wasm: $out is up to date"
  exit 0
fi
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name zec_reinstall "$wasm"
bash scripts/optimise-wasm.sh "$out/zec_reinstall_bg.wasm"
echo "$source_id" >"$out/.made-from"
