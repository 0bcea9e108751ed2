#!/usr/bin/env bash
# End-to-end tests: the release proxy (embedded emulator) serving the built console and
# widget, driven in Debian's Chromium by playwright-core (never a downloaded browser).
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
dist="${1:-dist}"
cargo build --release -p zec-proxy
(cd e2e && npm ci --no-audit --no-fund --loglevel=error)
rm -rf e2e/artifacts
ZEC_PROXY_BIN="$PWD/target/release/zec-proxy" ZEC_DIST="$PWD/$dist" \
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node --test --test-concurrency=1 e2e/tests/
