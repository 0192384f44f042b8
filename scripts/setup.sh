#!/usr/bin/env bash
# Installs what the console's build and tests need, and nothing that is already there.
# Idempotent: on a machine that has everything it finishes in seconds. The slow parts (four `cargo install`s
# and Debian's Chromium) run side by side; the tools are built with a light profile (opt-level 1, no LTO,
# parallel codegen), which halves their build time and leaves them fast enough for a build tool.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
TERSER_VERSION=5.51.4
ZOPFLI_VERSION=1.0.15
LEPTOSFMT_VERSION=0.1.33
WASM_SPLIT_VERSION=0.2.4
# wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)
TOOLS="$PWD/.tools"
LOGS="$PWD/target/setup"
mkdir -p "$LOGS"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
have_version() { command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"; }

# Light profile for the installed tools only (these variables do not reach the project's own builds).
light_install() {
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=false \
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install --quiet "$@"
}

JOBS=()
JOB_NAMES=()
background() {  # background NAME COMMAND...: runs it, output to target/setup/NAME.log
  local name=$1; shift
  log "installing $name (in the background, log: target/setup/$name.log)"
  ( "$@" ) >"$LOGS/$name.log" 2>&1 &
  JOBS+=($!)
  JOB_NAMES+=("$name")
}

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if ! have_version chromium "Chromium" || ! have_version chromedriver "ChromeDriver"; then
  background chromium bash -c 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq chromium chromium-driver'
fi

if ! have_version trunk "trunk $TRUNK_VERSION"; then
  background trunk light_install --locked "trunk@$TRUNK_VERSION" --no-default-features --features rustls
fi

if ! have_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" \
   || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  # Not --locked: the locked set pulls a yanked crate.
  background wasm-bindgen-cli light_install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

# Formats the bodies of view! macros, which rustfmt leaves alone.
if ! have_version leptosfmt "$LEPTOSFMT_VERSION"; then
  background leptosfmt light_install --locked "leptosfmt@$LEPTOSFMT_VERSION"
fi

# Splits the release wasm by route (scripts/split.mjs); the same crate cargo-leptos uses.
if ! command -v wasm-split-cli >/dev/null 2>&1 \
   || ! cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  background wasm-split-cli light_install --locked "wasm_split_cli_support@$WASM_SPLIT_VERSION" --features build-binary
fi

# Debian's binaryen (108) silently produces a dead page; npm's 132 is the one Trunk.toml pins.
if ! [ -x "$TOOLS/node_modules/.bin/wasm-opt" ] \
   || ! "$TOOLS/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  log "installing wasm-opt from npm binaryen $BINARYEN_VERSION into .tools/"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix . "binaryen@$BINARYEN_VERSION" >/dev/null)
fi

# Minifies the JS that scripts/split.mjs writes (Trunk minifies only its own output).
if ! [ -f "$TOOLS/node_modules/terser/package.json" ] \
   || ! grep -q "\"version\": \"$TERSER_VERSION\"" "$TOOLS/node_modules/terser/package.json"; then
  log "installing terser $TERSER_VERSION into .tools/"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix . "terser@$TERSER_VERSION" >/dev/null)
fi

# Writes the shipped .gz files (scripts/precompress.mjs): zopfli's gzip is 4.6 % smaller than zlib's level 9 and
# any gzip reader takes it.
if ! [ -f "$TOOLS/node_modules/@gfx/zopfli/package.json" ] \
   || ! grep -q "\"version\": \"$ZOPFLI_VERSION\"" "$TOOLS/node_modules/@gfx/zopfli/package.json"; then
  log "installing zopfli $ZOPFLI_VERSION into .tools/"
  mkdir -p "$TOOLS"
  (cd "$TOOLS" && npm install --silent --no-audit --no-fund --prefix . "@gfx/zopfli@$ZOPFLI_VERSION" >/dev/null)
fi

# Every dependency of the end-to-end suites present (a new one, such as axe-core, is installed on the next run).
e2e_packages_missing() {
  (cd tests/e2e && node -e 'const fs = require("fs"); const p = require("./package.json");
    process.exit(Object.keys(p.dependencies || {}).every((d) => fs.existsSync(`node_modules/${d}/package.json`)) ? 1 : 0)')
}
if [ -f tests/e2e/package.json ] && e2e_packages_missing; then
  log "installing the end-to-end suite's npm packages"
  (cd tests/e2e && npm install --silent --no-audit --no-fund >/dev/null)
fi

# python-gitlab, a GitLab client nobody here wrote: the sandbox's suite drives the sandbox with it
# (sandbox/tests/python_gitlab.rs). Test-only; the [graphql] extra (gql) is what its GraphQL client needs.
PYTHON_GITLAB_VERSION=8.6
if ! python3 -c "import gitlab, gql, sys; sys.exit(0 if gitlab.__version__.startswith('$PYTHON_GITLAB_VERSION.') else 1)" \
     >/dev/null 2>&1; then
  log "installing python-gitlab $PYTHON_GITLAB_VERSION.* (the sandbox's test client)"
  python3 -m pip install --quiet "python-gitlab[graphql]==$PYTHON_GITLAB_VERSION.*"
fi

# Trunk builds offline (it passes --offline to cargo), so the registry must be filled first.
cargo fetch --quiet

FAILED=0
for i in "${!JOBS[@]}"; do
  if wait "${JOBS[$i]}"; then
    log "${JOB_NAMES[$i]} installed"
  else
    log "installing ${JOB_NAMES[$i]} failed:"; tail -n 30 "$LOGS/${JOB_NAMES[$i]}.log" >&2; FAILED=1
  fi
done
[ "$FAILED" = 0 ] || exit 1
log "ready"
