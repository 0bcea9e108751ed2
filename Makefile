# zec-reinstall: `make run` starts the product on the embedded emulator, `make test` runs
# every test. Each installs what it needs first and nothing more (scripts/install-tools.sh
# run|test, idempotent): running needs no browser, no database and no test runner.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

DIST := dist
LISTEN ?= 127.0.0.1:8080

.PHONY: run build console widget tools tools-run tools-test test test-native test-wasm test-e2e lint bench screenshots clean

tools-run:
	@bash scripts/install-tools.sh run

tools-test:
	@bash scripts/install-tools.sh test

tools: tools-test

## Build the console into dist/ and the widget package into pkg/ and dist/widget/, from one
## wasm split into parts loaded on demand (scripts/build-wasm.sh: cargo, wasm-split-cli,
## wasm-bindgen, wasm-opt; nothing downloaded).
build: tools-run console widget

console:
	@bash scripts/build-console.sh $(DIST)

widget:
	@bash scripts/build-widget.sh $(DIST)/widget

## Run the product: the proxy on http://$(LISTEN) with the embedded emulator; the activity
## history is kept in data/activity.sqlite3.
run: build
	mkdir -p data
	cargo run --release -p zec-proxy -- --listen $(LISTEN) --static $(DIST) --data-dir data

## Every test: formatting, lints, native tests, browser tests in Chromium, end-to-end tests.
test: tools-test lint test-native test-wasm build test-e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p zec-proxy --no-default-features --all-targets -- -D warnings
	cargo clippy -p zec-reinstall --target wasm32-unknown-unknown --all-targets -- -D warnings
	cargo clippy -p zec-reinstall --target wasm32-unknown-unknown --lib --features split -- -D warnings
	cargo clippy -p zec-console --target wasm32-unknown-unknown -- -D warnings

## The console's flows run natively here (zec-console), without a browser.
test-native:
	cargo test -p zec-api -p zec-console -p zec-emulator -p zec-proxy

test-wasm:
	@bash scripts/test-wasm.sh crates/zec-api .

test-e2e:
	@bash scripts/test-e2e.sh $(DIST)

## Size and speed figures (not part of `make test`).
bench: build
	@bash scripts/bench.sh $(DIST)

## The README's screenshots (docs/*.png), from the real product on the emulator.
screenshots: build
	cargo build --release -p zec-proxy
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error \
	  && ZEC_PROXY_BIN="$$(bash ../scripts/target-dir.sh)/release/zec-proxy" node screenshots.js

clean:
	cargo clean
	rm -rf $(DIST) pkg e2e/artifacts
