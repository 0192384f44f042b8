#!/usr/bin/env bash
# The end-to-end suites (Playwright with Debian's Chromium) against the release build in dist/, each with a sandbox
# of its own; part of scripts/test.sh, and runnable alone once dist/ is built (E2E_JOBS, E2E_ONLY=name,... to pick, E2E_PORT).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cd "$ROOT"
# Each suite gets a fresh sandbox (they change its state: create, cancel and end migrations) and shares nothing
# with another, so E2E_JOBS suites run side by side (default 3: a suite mostly waits for its page; with two, the
# suites' processes used about half of 2 cores), longest first; each writes its own log, printed whole when it
# ends, so the output stays readable.
E2E_JOBS="${E2E_JOBS:-3}"
mkdir -p target/e2e && rm -f target/e2e/*.log  # the summary below lists this run only
: > target/e2e-tests.log
run_suite() {  # run_suite SUITE PORT: its own sandbox, its own log; the status is the suite's
  local suite=$1 port=$2 name status=0
  name=$(basename "$suite" .test.mjs)
  start_sandbox "$port" "$((port + 1))" --speed 0 --dist "$ROOT/dist" 2>"target/e2e/$name.log" || return 1
  local began=$SECONDS
  CONSOLE_URL="http://127.0.0.1:$port" node --test --test-reporter=spec "$suite" >"target/e2e/$name.log" 2>&1 || status=$?
  echo "suite $name: $((SECONDS - began)) s" >>"target/e2e/$name.log"
  stop_sandboxes
  return $status
}
# Longest first, by their measured times (README: the test run's time), so that no long suite starts last beside
# an idle job; a suite not in the list yet starts before all of them.
LONGEST_FIRST="faults security verify contributions watch start trust campaign-run complete oauth a11y campaign rerun
  campaign-gitlab split"
SUITES=$(
  for suite in tests/e2e/*.test.mjs; do
    name=$(basename "$suite" .test.mjs)
    [[ " ${LONGEST_FIRST//$'\n'/ } " == *" $name "* ]] || echo "$suite"
  done
  for name in $LONGEST_FIRST; do if [ -f "tests/e2e/$name.test.mjs" ]; then echo "tests/e2e/$name.test.mjs"; fi; done
)
if [ -n "${E2E_ONLY:-}" ]; then
  SUITES=$(for name in ${E2E_ONLY//,/ }; do echo "tests/e2e/$name.test.mjs"; done)
fi
PORT="${E2E_PORT:-3230}"  # the first suite's sandbox port (each next suite +10)
declare -A SUITE_PID=()
FAILED_SUITES=()
finish_one() {  # waits for any suite, prints its log, notes a failure
  local pid="" status=0 suite
  wait -n -p pid || status=$?
  for suite in "${!SUITE_PID[@]}"; do
    [ "${SUITE_PID[$suite]}" = "$pid" ] || continue
    [ "$status" = 0 ] || FAILED_SUITES+=("$suite")
    tee -a target/e2e-tests.log <"target/e2e/$(basename "$suite" .test.mjs).log"
    unset "SUITE_PID[$suite]"
  done
}
for suite in $SUITES; do
  while [ "${#SUITE_PID[@]}" -ge "$E2E_JOBS" ]; do finish_one; done
  run_suite "$suite" "$PORT" &
  SUITE_PID[$suite]=$!
  PORT=$((PORT + 10))
done
while [ "${#SUITE_PID[@]}" -gt 0 ]; do finish_one; done
if [ "${#FAILED_SUITES[@]}" -gt 0 ]; then
  echo "end-to-end suites that failed: ${FAILED_SUITES[*]}" >&2
  exit 1
fi
grep -h '^suite .*: [0-9]* s$' target/e2e/*.log | sort -t: -k2 -rn || true
