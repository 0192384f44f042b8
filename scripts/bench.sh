#!/usr/bin/env bash
# Benchmark (not part of the test command): builds the split release (dist/) and, for comparison, the unsplit
# one (dist-unsplit/, its own target dir so neither rebuild evicts the other), starts a sandbox with 10,000
# entities and an entity with 10,000 failures for each, drives headless Chromium, prints a table and, last, one
# JSON line. Budgets: issue #15 (README: Performance).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mkdir -p target
bash scripts/setup.sh
CONSOLE_SPLIT=0 CARGO_TARGET_DIR="$ROOT/target/unsplit" bash scripts/build.sh --dist dist-unsplit
bash scripts/build.sh
cargo build -p sandbox --release --offline
# The issue's anchor, a minimal Leptos app (bench/anchor): the floor of a Leptos page, measured in the same run.
(cd bench/anchor && CARGO_TARGET_DIR="$ROOT/target/anchor" trunk build --release)
SANDBOX_BIN="$ROOT/target/release/sandbox"
bench_sandbox() {  # bench_sandbox PORT DIST
  "$SANDBOX_BIN" --port "$1" --source-port "$(($1 + 1))" --speed 1 --dist "$ROOT/$2" --scale-entities 10000 \
    --scale-failures 10000 >"$ROOT/target/sandbox-bench-$1.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/api/v4/version" -H 'PRIVATE-TOKEN: sandbox-owner-token' && break
    sleep 0.1
  done
}
bench_sandbox 3300 dist
bench_sandbox 3310 dist-unsplit
bench_sandbox 3320 bench/anchor/dist
UNSPLIT_URL=http://127.0.0.1:3310 ANCHOR_URL=http://127.0.0.1:3320 node tests/e2e/bench.mjs http://127.0.0.1:3300 "$ROOT/dist"
