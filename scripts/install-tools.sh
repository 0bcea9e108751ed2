#!/usr/bin/env bash
# Installs the tools a task needs, each only when it is missing. Idempotent: a second run only
# checks versions and returns.
#   scripts/install-tools.sh run    what `make run` needs: the wasm32 target, wasm-bindgen-cli,
#                                   wasm-split-cli (the split into parts loaded on demand),
#                                   binaryen's wasm-opt from npm (nothing else; a first run
#                                   should be quick)
#   scripts/install-tools.sh test   the above and what the tests add: wasm-pack (the browser
#                                   tests' runner), Debian's chromium and chromium-driver, and
#                                   Debian's postgresql (the activity store's tests)
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
# 0.2.4 is the first that reads the describe imports of wasm-bindgen >= 0.2.128; a bump of
# either needs the e2e suite on the split build (every part is loaded there).
WASM_SPLIT_VERSION=0.2.4

export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[install-tools] %s\n' "$*"; }

task="${1:-}"
case "$task" in
  run | test) ;;
  *) echo "usage: scripts/install-tools.sh run|test" >&2; exit 2 ;;
esac

have_version() { # have_version BIN VERSION: BIN is on PATH and prints VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

apt_install() { # apt_install PACKAGE...: Debian packages, as root or through sudo
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# --- what building and running need ---------------------------------------------------------

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes of compiling on 2 cores, once)"
  # no --locked: the CLI's lockfile names a crate the index no longer serves
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The split of the wasm into parts loaded on demand (scripts/build-wasm.sh). It has no
# --version flag: cargo's list of installed crates says which one is there.
if ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  say "installing wasm-split-cli $WASM_SPLIT_VERSION (about 1 minute of compiling, once)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
    --features build-binary --force
fi

# binaryen's wasm-opt from npm (pinned in tools/package.json): Debian's is too old for
# rustc's wasm, and the npm build needs no source build. esbuild (the same file) minifies
# the glue and the split loader (scripts/hash-split.mjs).
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ ! -x tools/node_modules/.bin/esbuild ] \
   || ! tools/node_modules/.bin/wasm-opt --version | grep -q "version $(node -p 'require("./tools/package.json").devDependencies.binaryen.split(".")[0]')"; then
  say "installing wasm-opt (npm binaryen) and esbuild"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

# --- what the tests add ---------------------------------------------------------------------

if [ "$task" = test ]; then
  # The runner of the browser tests (`wasm-pack test --headless --chrome`).
  if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
    say "installing wasm-pack $WASM_PACK_VERSION"
    cargo install --locked wasm-pack --version "$WASM_PACK_VERSION" --force
  fi
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    say "installing Debian's chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
  # PostgreSQL for the activity store's tests (a throwaway cluster per test, started by the
  # tests themselves as an unprivileged user); Debian's server package, not a running service.
  if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    say "installing Debian's postgresql"
    apt_install postgresql
  fi
fi
say "tools ready for $task"
