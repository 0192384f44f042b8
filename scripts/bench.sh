#!/usr/bin/env bash
# Benchmark (not part of the test command): builds the split release (dist/) and, for comparison, the unsplit
# one (dist-unsplit/, its own target dir so neither rebuild evicts the other), starts a sandbox with 10,000
# entities and an entity with 10,000 failures for each, drives headless Chromium, prints a table and, last, one
# JSON line. Budgets: issue #15 (README: Performance). Load → table painted against the anchor and the static page,
# on loopback and with 100 ms added to every request's round trip: issue #28.
# BENCH_ONLY=load: only the first load and the load times (no unsplit build, 7 runs; BENCH_RUNS=N for more).
# BENCH_PORT: the first of the ports the bench's sandboxes take (3300; +10, +20 and each +1 too).
# BENCH_BUILD=0: measure the dist/, bench/anchor/dist and sandbox binary already built (no build at all).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mkdir -p target
ONLY="${BENCH_ONLY:-}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
P="${BENCH_PORT:-3300}"
if [ "${BENCH_BUILD:-1}" != 0 ]; then
  bash scripts/setup.sh
  if [ "$ONLY" != load ]; then
    CONSOLE_SPLIT=0 CARGO_TARGET_DIR="$TARGET/unsplit" bash scripts/build.sh --dist dist-unsplit
  fi
  bash scripts/build.sh
  cargo build -p sandbox --release --offline
  # The issue's anchor, a minimal Leptos app (bench/anchor): the floor of a Leptos page, measured in the same run.
  (cd bench/anchor && CARGO_TARGET_DIR="$TARGET/anchor" trunk build --release)
fi
SANDBOX_BIN="$TARGET/release/sandbox"
bench_sandbox() {  # bench_sandbox PORT DIST
  "$SANDBOX_BIN" --port "$1" --source-port "$(($1 + 1))" --speed 1 --dist "$ROOT/$2" --scale-entities 10000 \
    --scale-failures 10000 >"$ROOT/target/sandbox-bench-$1.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/api/v4/version" -H 'PRIVATE-TOKEN: sandbox-owner-token' && break
    sleep 0.1
  done
}
bench_sandbox "$P" dist
bench_sandbox $((P + 20)) bench/anchor/dist
export ANCHOR_URL="http://127.0.0.1:$((P + 20))"
if [ "$ONLY" != load ]; then
  bench_sandbox $((P + 10)) dist-unsplit
  export UNSPLIT_URL="http://127.0.0.1:$((P + 10))"
fi
node tests/e2e/bench.mjs "http://127.0.0.1:$P" "$ROOT/dist"
