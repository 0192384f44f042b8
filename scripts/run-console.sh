#!/usr/bin/env bash
# Command 1: installs what is missing, builds the console, and serves it with the sandbox (a local
# GitLab stand-in with migrations already in its history and one running).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mkdir -p target
PORT="${PORT:-3000}"
SOURCE_PORT="${SOURCE_PORT:-3001}"
bash scripts/setup.sh
bash scripts/build.sh
cargo build -p sandbox --offline
echo
echo "Open http://127.0.0.1:$PORT/ and sign in with the token sandbox-owner-token"
echo "(instance URL: http://127.0.0.1:$PORT, already filled in). Source instance for new migrations:"
echo "http://127.0.0.1:$SOURCE_PORT with the token sandbox-source-token. Ctrl-C stops."
echo
exec "$ROOT/target/debug/sandbox" --port "$PORT" --source-port "$SOURCE_PORT" --dist "$ROOT/dist" "$@"
