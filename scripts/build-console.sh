#!/usr/bin/env bash
# Builds the console page into the given folder (default dist, what the proxy serves with
# --static): the shared wasm (scripts/build-wasm.sh), the page www/index.html with its
# stylesheet and boot.js, the glue and the wasm under content-hashed names written into the
# page (scripts/hash-names.mjs), the embed demo, and brotli/gzip variants. The folder's
# widget/ (scripts/build-widget.sh) is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
web="$(bash scripts/target-dir.sh)/web"
bash scripts/build-wasm.sh "$web"

mkdir -p "$dist"
find "$dist" -mindepth 1 -maxdepth 1 ! -name widget -exec rm -rf {} +
cp "$web/zec_reinstall.js" "$web/zec_reinstall_bg.wasm" "$dist"/
cp www/index.html www/styles.css www/boot.js "$dist"/
# The Chinese catalogue: fetched only when that language is chosen (src/i18n.rs).
cp locales/zh-CN.json "$dist"/
# The embed demo: a portal page with two widgets (/embed.html), served under fixed names.
cp www/embed.html www/embed-host.css www/embed-demo.js "$dist"/
# index.html is the one fixed name (revalidated on every visit); what it loads is named by
# content and cached as immutable.
node scripts/hash-names.mjs "$dist" index.html \
  zec_reinstall.js zec_reinstall_bg.wasm styles.css boot.js zh-CN.json
node scripts/precompress.mjs "$dist"
echo "console: $dist/index.html"
