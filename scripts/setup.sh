#!/usr/bin/env bash
# Installs what the console's build and tests need, and nothing that is already there.
# Idempotent: on a machine that has everything it finishes in seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
TOOLS="$PWD/.tools"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version chromium "Chromium" || ! have_version chromedriver "ChromeDriver"; then
  log "installing Debian chromium and chromium-driver"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

if ! have_version trunk "trunk $TRUNK_VERSION"; then
  log "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked "trunk@$TRUNK_VERSION" --no-default-features --features rustls
fi

if ! have_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" \
   || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 7 minutes)"
  # Not --locked: the locked set pulls a yanked crate.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# Debian's binaryen (108) silently produces a dead page; npm's 132 is the one Trunk.toml pins.
if ! [ -x "$TOOLS/node_modules/.bin/wasm-opt" ] \
   || ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  log "installing wasm-opt from npm binaryen $BINARYEN_VERSION into .tools/"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix . "binaryen@$BINARYEN_VERSION" >/dev/null)
fi

if [ -f tests/e2e/package.json ] && ! [ -d tests/e2e/node_modules/playwright-core ]; then
  log "installing playwright-core for the end-to-end suite"
  (cd tests/e2e && npm install --silent --no-audit --no-fund >/dev/null)
fi

# Trunk builds offline (it passes --offline to cargo), so the registry must be filled first.
cargo fetch --quiet
log "ready"
