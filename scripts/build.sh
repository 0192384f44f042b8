#!/usr/bin/env bash
# The console's release build into dist/: split by route by default; CONSOLE_SPLIT=0 builds one module
# (the switch: it sets the `split` cfg that turns on `#[lazy_route]`, the link flag the splitter needs, and
# tells scripts/split.mjs to run). Extra arguments go to `trunk build` (e.g. --public-url /console/).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
export CONSOLE_SPLIT="${CONSOLE_SPLIT:-1}"
if [ "$CONSOLE_SPLIT" = 1 ]; then
  # Replaces .cargo/config.toml's rustflags for wasm, so it repeats them (erase_components).
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components --cfg split -C link-arg=--emit-relocs"
fi
trunk build --release "$@"
