#!/usr/bin/env bash
# End-to-end tests: the release proxy (embedded emulator) serving the built console and
# widget, driven in Debian's Chromium by @playwright/test (never a downloaded browser).
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"
cd "$(dirname "$0")/.."
dist="${1:-dist}"
cargo build --release -p zec-proxy
(cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
# The widget package's TypeScript declarations and the README's React and Vue examples.
(cd e2e && node types/check.mjs)
rm -rf e2e/artifacts
cd e2e
ZEC_PROXY_BIN="$(bash ../scripts/target-dir.sh)/release/zec-proxy" ZEC_DIST="$(cd .. && realpath "$dist")" \
  npx playwright test
