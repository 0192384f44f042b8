#!/usr/bin/env bash
# The console's release build into dist/: split by route by default; CONSOLE_SPLIT=0 builds one module
# (the switch: it sets the `split` cfg that turns on `#[lazy_route]`, the link flag the splitter needs, and
# tells scripts/split.mjs to run). Extra arguments go to `trunk build` (e.g. --public-url /console/).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
export CONSOLE_SPLIT="${CONSOLE_SPLIT:-1}"
# Panic locations keep source paths in the wasm (14 KB raw of the main module's data were paths): the registry
# and toolchain prefixes go, which also keeps this machine's layout out of what is shipped.
REGISTRY="${CARGO_HOME:-$HOME/.cargo}/registry/src"
RUSTC_COMMIT="$(rustc -vV | sed -n 's/^commit-hash: //p')"
FLAGS="--cfg erase_components --remap-path-prefix=$REGISTRY/= --remap-path-prefix=/rustc/$RUSTC_COMMIT/= --remap-path-prefix=$ROOT/="
if [ "$CONSOLE_SPLIT" = 1 ]; then
  FLAGS="$FLAGS --cfg split -C link-arg=--emit-relocs"
fi
# Replaces .cargo/config.toml's rustflags for wasm, so it repeats them (erase_components).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$FLAGS"
trunk build --release "$@"
