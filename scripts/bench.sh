#!/usr/bin/env bash
# Benchmark (not part of the test command): builds the release, starts the sandbox with 10,000 entities and an
# entity with 10,000 failures, drives headless Chromium, prints a table and, last, one JSON line.
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mkdir -p target
bash scripts/setup.sh
trunk build --release
cargo build -p sandbox --release --offline
SANDBOX_BIN="$ROOT/target/release/sandbox"
"$SANDBOX_BIN" --port 3300 --source-port 3301 --speed 1 --dist "$ROOT/dist" --scale-entities 10000 --scale-failures 10000 \
  >"$ROOT/target/sandbox-bench.log" 2>&1 &
SANDBOX_PIDS+=($!)
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:3300/api/v4/version" -H 'PRIVATE-TOKEN: sandbox-owner-token' && break; sleep 0.1; done
node tests/e2e/bench.mjs http://127.0.0.1:3300 "$ROOT/dist"
