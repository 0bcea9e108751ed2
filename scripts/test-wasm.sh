#!/usr/bin/env bash
# Runs the wasm-bindgen tests of each given crate in headless Chromium and refuses to pass
# silently: under --chrome, a test file without `run_in_browser` would be skipped, so every
# test file must declare it, and every crate must report passed tests.
set -euo pipefail
export PATH="$HOME/.cargo/bin:$PATH"

for crate in "$@"; do
  for file in "$crate"/tests/*.rs; do
    # Native-only files (property tests) say so with cfg(not(target_arch = "wasm32")).
    if grep -q 'cfg(not(target_arch = "wasm32"))' "$file"; then continue; fi
    if ! grep -q 'wasm_bindgen_test_configure!(run_in_browser)' "$file"; then
      echo "error: $file lacks wasm_bindgen_test_configure!(run_in_browser); Chromium would skip it" >&2
      exit 1
    fi
  done
  log=$(mktemp)
  echo "== wasm-pack test --headless --chrome $crate"
  (cd "$crate" && wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver) 2>&1 | tee "$log"
  passed=$(grep -Eo 'test result: ok\. [0-9]+ passed' "$log" | awk '{s += $4} END {print s + 0}')
  if grep -q 'test result: FAILED' "$log" || [ "$passed" -eq 0 ]; then
    echo "error: browser tests of $crate failed or none ran (passed: $passed)" >&2
    exit 1
  fi
  echo "== $crate: $passed tests passed in Chromium"
  rm -f "$log"
done
