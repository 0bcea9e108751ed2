#!/usr/bin/env bash
# `make bench`: the console's download size and the proxy's speed, measured in one run.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
dist="${1:-dist}"

echo "== console release build, gzip -9 (wasm-opt: $(tools/node_modules/.bin/wasm-opt --version 2>/dev/null || echo none))"
total=0
for file in "$dist/zec-reinstall_bg.wasm" "$dist/zec-reinstall.js" "$dist/boot.js" "$dist/styles.css" "$dist/index.html"; do
  raw=$(wc -c < "$file")
  gz=$(gzip -9c "$file" | wc -c)
  total=$((total + gz))
  printf '  %-36s %9d bytes  %8d gzipped\n' "$(basename "$file")" "$raw" "$gz"
done
printf '  %-36s %9s        %8d gzipped (%d KiB; target 150 KiB)\n' "total" "" "$total" $((total / 1024))
widget=$(gzip -9c "$dist/widget/zec_reinstall_bg.wasm" | wc -c)
echo "  widget wasm: $widget bytes gzipped"

echo "== proxy on loopback"
ulimit -n 8192 2>/dev/null || true
cargo run --release -q -p zec-proxy --example bench
