#!/usr/bin/env bash
# Prints cargo's target directory (CARGO_TARGET_DIR, a config's build.target-dir, or ./target),
# so the scripts find what cargo built wherever it put it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo metadata --format-version 1 --no-deps \
  | node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))'
