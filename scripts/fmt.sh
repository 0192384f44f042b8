#!/usr/bin/env bash
# Formats the whole tree: view! bodies with leptosfmt, then everything else with rustfmt.
# `--check`: changes nothing, fails when a file is not formatted (scripts/test.sh runs it so).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--check" ]; then
  leptosfmt --quiet --check -c leptosfmt.toml src tests sandbox
  cargo fmt --all -- --check
else
  leptosfmt --quiet -c leptosfmt.toml src tests sandbox
  cargo fmt --all
fi
