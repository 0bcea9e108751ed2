#!/usr/bin/env bash
# `make bench`: what a first visit downloads (console and widget, gzip and brotli, and each
# part loaded on demand), how long it takes on Fast 3G (cold cache; the parts clicked, cold
# and warm), and the proxy's speed, measured in one run.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
dist="${1:-dist}"

echo "== download sizes ($dist, wasm-opt $(tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -Eo '[0-9]+' | head -1 || echo none))"
node e2e/bench/sizes.mjs "$dist"

echo "== first visit in Chromium, Fast 3G (150 ms, 1.6 Mbit/s): cold cache, then the parts clicked (cold and warm)"
cargo build --release -q -p zec-proxy
(cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
ZEC_PROXY_BIN="$(bash scripts/target-dir.sh)/release/zec-proxy" ZEC_DIST="$PWD/$dist" \
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node e2e/bench/first-load.mjs

echo "== proxy on loopback"
ulimit -n 8192 2>/dev/null || true
cargo run --release -q -p zec-proxy --example bench

echo "== fair share under load (two portal users, default limits)"
cargo run --release -q -p zec-proxy --example bench_fair_share
