#!/usr/bin/env bash
# Installs every tool the build and the tests need, each only when it is missing.
# Idempotent: a second run only checks versions and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the `wasm-bindgen = "=…"` pin in Cargo.toml
WASM_PACK_VERSION=0.15.1
TRUNK_VERSION=0.21.14          # 0.22 needs a newer rustc than the project's toolchain

export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[install-tools] %s\n' "$*"; }

have_version() { # have_version BIN VERSION: BIN is on PATH and prints VERSION
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # no --locked: the CLI's lockfile names a crate the index no longer serves
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

if ! have_version wasm-pack "$WASM_PACK_VERSION"; then
  say "installing wasm-pack $WASM_PACK_VERSION"
  cargo install --locked wasm-pack --version "$WASM_PACK_VERSION" --force
fi

if [ "${NEED_TRUNK:-1}" = 1 ] && ! have_version trunk "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (takes several minutes, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION" --force
fi

# binaryen's wasm-opt from npm (pinned in tools/package.json): Debian's is too old for
# rustc's wasm, and the npm build needs no source build.
if [ ! -x tools/node_modules/.bin/wasm-opt ] \
   || ! tools/node_modules/.bin/wasm-opt --version | grep -q "version $(node -p 'require("./tools/package.json").devDependencies.binaryen.split(".")[0]')"; then
  say "installing wasm-opt (npm binaryen)"
  (cd tools && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${NEED_BROWSER:-1}" = 1 ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    say "installing Debian's chromium and chromium-driver"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
# PostgreSQL for the activity store's tests (a throwaway cluster per test, started by the
# tests themselves as an unprivileged user); Debian's server package, not a running service.
if [ "${NEED_POSTGRES:-1}" = 1 ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  say "installing Debian's postgresql"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
fi
say "tools ready"
