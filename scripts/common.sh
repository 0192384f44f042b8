# Shared by the scripts: tool paths, and starting/stopping the sandbox.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
SANDBOX_PIDS=()

# start_sandbox PORT SOURCE_PORT [extra flags...]: runs the debug sandbox (or $SANDBOX_BIN) in the background, waits for it.
start_sandbox() {
  local port=$1 source_port=$2 pid; shift 2
  mkdir -p "$ROOT/target"
  # A server already on the port would answer the check below, and the tests would run against it.
  if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "port $port is already taken by another server: stop it first" >&2; return 1
  fi
  "${SANDBOX_BIN:-$ROOT/target/debug/sandbox}" --port "$port" --source-port "$source_port" "$@" >"$ROOT/target/sandbox-$port.log" 2>&1 &
  pid=$!
  SANDBOX_PIDS+=("$pid")
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null -H 'PRIVATE-TOKEN: sandbox-owner-token' "http://127.0.0.1:$port/api/v4/version" 2>/dev/null; then
      kill -0 "$pid" 2>/dev/null && return 0
      break
    fi
    sleep 0.1
  done
  echo "the sandbox did not start on port $port:" >&2; cat "$ROOT/target/sandbox-$port.log" >&2; return 1
}

stop_sandboxes() {
  for pid in "${SANDBOX_PIDS[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
}
trap stop_sandboxes EXIT
