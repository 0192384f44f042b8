#!/usr/bin/env bash
# Loads a page of the built console in headless Chromium and fails unless the app rendered
# (a build that succeeds can still be a blank page on this stack).
set -euo pipefail
URL="$1"
PROFILE="$(mktemp -d)"
DOM="$(timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-dev-shm-usage \
  --user-data-dir="$PROFILE" --virtual-time-budget=10000 --dump-dom "$URL" 2>/dev/null)"
rm -rf "$PROFILE"
if grep -q 'id="instance-url"' <<<"$DOM" && grep -q 'Sign in to your GitLab instance' <<<"$DOM"; then
  echo "dist renders the console at $URL (sign-in form present)"
else
  echo "dist did NOT render the console at $URL; DOM was:" >&2
  head -c 2000 <<<"$DOM" >&2
  exit 1
fi
