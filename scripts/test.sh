#!/usr/bin/env bash
# Command 2: installs what is missing and runs every test: format first (fails on unformatted code), native
# (workspace) and browser (wasm-bindgen-test in headless Chromium against the sandbox) with clippy's lints on every
# crate of the workspace as they compile (any warning fails), the release build loaded in headless Chromium, and
# the end-to-end suites.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
bash scripts/setup.sh
mkdir -p target  # a fresh clone has none, and tee writes the logs there
# One build per run: incremental caches would only add gigabytes on CI's disk.
export CARGO_INCREMENTAL=0
# A full run writes about 6.4 GB under target/ (measured from a fresh clone); say so before cargo dies of it.
FREE_KB=$(df -Pk "$ROOT" | awk 'NR == 2 {print $4}')
if [ "${FREE_KB:-0}" -lt 7000000 ]; then
  echo "warning: $((FREE_KB / 1024)) MB free on this disk; the test run needs about 6,500 MB under target/" >&2
fi

# Each step says how long the one before it took, and the run ends with the list (README: the test run's time).
TIMES=()
STEP_NAME=""
STEP_START=$SECONDS
step_done() { [ -n "$STEP_NAME" ] && TIMES+=("$(printf '%4d s  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); return 0; }
step() { step_done; STEP_NAME=$*; STEP_START=$SECONDS; printf '\n\033[1m== %s\033[0m\n' "$*"; }
PASSED=0
count() { PASSED=$((PASSED + $(grep -Eo 'test result: ok\. [0-9]+ passed' "$1" | awk '{s+=$4} END {print s+0}'))); }

# The release build starts first and runs beside the lints, the native and the browser tests: its slow parts (the
# wasm's LTO, the split, one wasm-opt at a time on big modules) use one core, and the tests' compile and run leave
# the other idle at times (started after the lints, it was the last thing the end-to-end suites waited for).
# Its own target dir, so that neither cargo waits for the other's lock (the two share no artifact anyway).
step "release build started in the background (log: target/release-build.log)"
# In a process group of its own, so that a failing test step stops the whole build with it.
CARGO_TARGET_DIR="$ROOT/target/release-build" setsid bash scripts/build.sh >target/release-build.log 2>&1 &
RELEASE_BUILD=$!
trap 'kill -- -"$RELEASE_BUILD" 2>/dev/null || true; stop_sandboxes' EXIT

step "format (leptosfmt + rustfmt)"
bash scripts/fmt.sh --check

# Clippy lints while the tests compile: cargo runs clippy-driver (the rustc that `cargo clippy` runs, with its lints)
# on the workspace's own crates and plain rustc on the dependencies, which the tests then share. A separate `cargo
# clippy` checked every dependency again, natively and for wasm (about 5 of the run's minutes on 2 cores). `-D
# warnings` as `cargo clippy -- -D warnings` passes it; a warning fails the step that compiles the crate.
# Covered: the console library with its cfg(test) harness (every line of it, natively and in wasm), the sandbox's
# library, binary and suite; `src/main.rs` (three lines) is the one file left out.
lint() { RUSTC_WORKSPACE_WRAPPER="$(rustup which clippy-driver)" CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__" "$@"; }

step "native tests (cargo test --workspace, clippy -D warnings on the workspace's crates)"
lint cargo test --workspace --offline 2>&1 | tee target/native-tests.log
count target/native-tests.log

step "browser tests (wasm-bindgen-test in headless Chromium, against the sandbox; clippy -D warnings in wasm)"
# `cargo test --workspace` built the sandbox's binary for its suite (target/debug/sandbox); a `cargo build -p
# sandbox` here resolved features without the dev-dependencies and compiled its whole tree again (~2 min).
[ -x target/debug/sandbox ] || { echo "target/debug/sandbox was not built by the native tests" >&2; exit 1; }
start_sandbox 3210 3211 --speed 0
# The runner gives chromedriver 5 s to bind its port by default; a cold start on a busy CI machine took longer
# (CI run of stop 21: "driver failed to bind port during startup"). Give it a minute, and warm it once.
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT=60
# And each test file a few minutes in the browser (the default is 20 s; a cold Chromium on CI is slow to start).
export WASM_BINDGEN_TEST_TIMEOUT=180
"$CHROMEDRIVER" --version >/dev/null 2>&1 || true
SANDBOX_URL=http://127.0.0.1:3210 lint cargo test -p migration-console --offline --target wasm32-unknown-unknown --lib 2>&1 | tee target/browser-tests.log
count target/browser-tests.log

step "release build (waiting for it), loaded in headless Chromium"
if ! wait "$RELEASE_BUILD"; then
  cat target/release-build.log
  echo "the release build failed (log above)" >&2
  exit 1
fi
tail -n 8 target/release-build.log
start_sandbox 3220 3221 --speed 0 --dist "$ROOT/dist"
bash scripts/check-dist.sh http://127.0.0.1:3220/migrations/7
PASSED=$((PASSED + 1))

step "end-to-end suites (Playwright with Debian's Chromium, release build served by the sandbox)"
bash scripts/e2e.sh
E2E_PASSED=$(grep -Eo '^ℹ pass [0-9]+' target/e2e-tests.log | awk '{s+=$3} END {print s+0}')
PASSED=$((PASSED + E2E_PASSED))
step_done
printf '\nTime per step:\n'
printf '%s\n' "${TIMES[@]}"

echo
echo "all suites: $PASSED passed, 0 failed"
