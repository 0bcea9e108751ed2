#!/usr/bin/env bash
# Builds the one wasm the console and the widget share, split into parts downloaded on first
# use (issue 22, docs/size.md), with nothing downloaded at build time:
#   cargo (the library as a cdylib alone, wasm32, profile wasm-release, feature `split`, with
#     the linker's relocations, which the split reads)
#   → wasm-split-cli (wasm_split_cli_support, pinned in scripts/install-tools.sh): the main
#     module, one split_<part>.wasm per `crate::chunks` part, chunk_<n>.wasm for code two parts
#     share, and the loader __wasm_split.js
#   → wasm-bindgen (the CLI of the version Cargo.lock pins, --target web) on the main module
#     only, keeping the exports the parts import (--keep-lld-exports)
#   → wasm-opt on every .wasm (npm binaryen, scripts/optimise-wasm.sh)
# into the given folder (default: <cargo target dir>/web): zec_reinstall.js (the glue),
# zec_reinstall_bg.wasm, the loader, the parts and the TypeScript declarations.
# scripts/build-console.sh and scripts/build-widget.sh take their files from there and name
# them by content (scripts/hash-split.mjs).
# When cargo's wasm has not changed since the last run, the folder is left as it is, so
# building the console and then the widget binds and optimises once.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
target="$(bash scripts/target-dir.sh)"
out="${1:-$target/web}"

# A cdylib alone: `wasm-pack build` builds the crate's two types together (cdylib + rlib,
# which the tests need), and that wasm is 38 KB gzip larger for the same code (docs/size.md).
# --emit-relocs only for this link: `cargo rustc`'s extra flags reach this crate alone (the
# dependencies are not rebuilt), and no unsplit build carries the relocation sections,
# which wasm-opt would keep (a wasm several times larger).
cargo rustc --lib --crate-type cdylib --profile wasm-release --target wasm32-unknown-unknown \
  --features split -- -C link-arg=--emit-relocs
wasm="$target/wasm32-unknown-unknown/wasm-release/zec_reinstall.wasm"

split_tool_version() {
  cargo install --list | grep -o '^wasm_split_cli_support v[0-9.]*' || {
    echo "error: wasm-split-cli is missing; run scripts/install-tools.sh run" >&2
    exit 1
  }
}

# What the folder was made from: cargo's wasm, the two tools' versions and these scripts.
source_id="$(cat "$wasm" scripts/build-wasm.sh scripts/optimise-wasm.sh | sha256sum | cut -d' ' -f1)"
source_id+=" $(wasm-bindgen --version) $(bash scripts/optimise-wasm.sh --version) $(split_tool_version)"
if [ -f "$out/zec_reinstall_bg.wasm" ] && [ "$(cat "$out/.made-from" 2>/dev/null)" = "$source_id" ]; then
  echo "wasm: $out is up to date"
  exit 0
fi
rm -rf "$out" "$out.split"
mkdir -p "$out.split"
wasm-split-cli --target web --out-name zec_reinstall "$wasm" "$out.split"
wasm-bindgen --target web --keep-lld-exports --out-dir "$out" --out-name zec_reinstall \
  "$out.split/zec_reinstall.wasm"
# A split point the split step did not replace leaves an import no browser can resolve.
if grep -q '__wasm_split_placeholder__' "$out/zec_reinstall.js"; then
  echo "error: the glue still imports __wasm_split_placeholder__ (the split did not run)" >&2
  exit 1
fi
mv "$out.split/__wasm_split.js" "$out.split"/split_*.wasm "$out"/
mv "$out.split"/chunk_*.wasm "$out"/ 2>/dev/null || true   # code two parts share, if any
rm -rf "$out.split"
for part in "$out"/*.wasm; do
  bash scripts/optimise-wasm.sh "$part"
done
echo "$source_id" >"$out/.made-from"
