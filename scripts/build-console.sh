#!/usr/bin/env bash
# Builds the console page into the given folder (default dist, what the proxy serves with
# --static): the shared wasm (scripts/build-wasm.sh), the page www/index.html with its
# stylesheet and boot.js, the glue, the wasm and its parts loaded on demand under
# content-hashed names written into the page (scripts/hash-split.mjs, hash-names.mjs), the
# embed demo, and brotli/gzip variants. The folder's widget/ (scripts/build-widget.sh) is
# left alone.
set -euo pipefail
cd "$(dirname "$0")/.."
dist="${1:-dist}"
web="$(bash scripts/target-dir.sh)/web"
bash scripts/build-wasm.sh "$web"

mkdir -p "$dist"
find "$dist" -mindepth 1 -maxdepth 1 ! -name widget -exec rm -rf {} +
# The glue, the main wasm, the split loader and the parts downloaded on first use.
cp "$web"/zec_reinstall.js "$web"/__wasm_split.js "$web"/*.wasm "$dist"/
cp www/index.html www/styles.css www/boot.js "$dist"/
# The Chinese catalogue: fetched only when that language is chosen (src/i18n.rs).
cp locales/zh-CN.json "$dist"/
# The embed demo: a portal page with two widgets (/embed.html), served under fixed names.
cp www/embed.html www/embed-host.css www/embed-demo.js "$dist"/
# index.html is the one fixed name (revalidated on every visit); what it loads is named by
# content and cached as immutable.
node scripts/hash-split.mjs "$dist" index.html
node scripts/hash-names.mjs "$dist" index.html styles.css boot.js zh-CN.json
node scripts/precompress.mjs "$dist"
echo "console: $dist/index.html"
