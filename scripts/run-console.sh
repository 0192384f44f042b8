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
echo "Open http://127.0.0.1:$PORT/ and choose \"Sign in with GitLab\" (the sandbox is a GitLab with the console"
echo "registered as an OAuth application), or paste the token sandbox-owner-token in the form below it."
echo "Source instance for new migrations: http://127.0.0.1:$SOURCE_PORT with the token sandbox-source-token."
echo "Ctrl-C stops."
echo
# --oauth-app: config.json names the sandbox's OAuth application, as a deployment next to GitLab would.
exec "$ROOT/target/debug/sandbox" --port "$PORT" --source-port "$SOURCE_PORT" --dist "$ROOT/dist" --oauth-app "$@"
