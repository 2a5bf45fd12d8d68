#!/usr/bin/env bash
# Emulator benchmarks: API throughput (wrk) and delivery throughput (events to a local handler).
# Usage: bench/emulator/run.sh [path/to/trst-hooks]   (default: target/release/trst-hooks)
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-target}/release/trst-hooks}
DURATION=${DURATION:-5s}
DELIVERIES=${DELIVERIES:-1000}   # at most 1000 (one deliveries page)
command -v wrk >/dev/null || sudo apt-get install -y wrk
[ -x "$BIN" ] || { echo "build first: cargo build --release (or pass the binary path)"; exit 2; }
WORK=$(mktemp -d); trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$WORK"' EXIT

start() { # start an emulator with extra args; sets BASE and EMU_PID
  : >"$WORK/err"
  "$BIN" emulator --port 0 "$@" >/dev/null 2>"$WORK/err" &
  EMU_PID=$!
  for _ in $(seq 100); do
    BASE=$(sed -n 's/^ready: TRST emulator at //p' "$WORK/err" | head -1)
    [ -n "$BASE" ] && return; sleep 0.1
  done
  echo "emulator did not start"; cat "$WORK/err"; exit 1
}
rps() { wrk -t1 -c32 -d"$DURATION" "$@" | awk '/Requests\/sec/ {print $2}'; }

start --in-memory
API_PID=$EMU_PID
ORIGIN=${BASE%/v1}
AUTH='Authorization: Bearer bench.key'
curl -sf -H "$AUTH" -d '{"url":"http://127.0.0.1:9/x","event_types":["webhook.test"],"enabled":false}' \
  "$BASE/project/bench/webhooks" >/dev/null
health=$(rps "$ORIGIN/_emulator/health")
list=$(rps -H "$AUTH" "$BASE/project/bench/webhooks")
echo "api: GET /_emulator/health ${health} req/s (no auth, no DB)"
echo "api: GET /v1/project/…/webhooks ${list} req/s (auth + SQLite read)  ratio $(python3 -c "print(round($list/$health,2))")"

kill "$API_PID"; wait "$API_PID" 2>/dev/null || true

# Delivery throughput: DELIVERIES test events to a minimal Python handler answering 200.
cat > "$WORK/h.py" <<'PY'
import http.server, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200); self.send_header("content-length", "0"); self.end_headers()
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
python3 "$WORK/h.py" "$PORT" & sleep 0.5
for mode in "--in-memory" "--db $WORK/bench.sqlite3"; do
  # shellcheck disable=SC2086
  start $mode
  ID=$(curl -sf -H "$AUTH" -d "{\"url\":\"http://127.0.0.1:$PORT/x\",\"event_types\":[\"webhook.test\"]}" \
    "$BASE/project/bench/webhooks" | python3 -c 'import json,sys;print(json.load(sys.stdin)["id"])')
  t0=$(date +%s.%N)
  seq "$DELIVERIES" | xargs -P 8 -I{} curl -sf -o /dev/null -X POST -H "$AUTH" "$BASE/project/bench/webhooks/$ID/test"
  while :; do
    n=$(curl -sf -H "$AUTH" "$BASE/project/bench/webhooks/$ID/deliveries?limit=1000" |
      python3 -c 'import json,sys;print(sum(d["status"]=="succeeded" for d in json.load(sys.stdin)["data"]))')
    [ "$n" -ge "$DELIVERIES" ] && break; sleep 0.05
  done
  t1=$(date +%s.%N)
  echo "deliveries ($mode): $DELIVERIES queued and delivered in $(python3 -c "print(round($t1-$t0,2))") s = $(python3 -c "print(round($DELIVERIES/($t1-$t0)))")/s"
  kill "$EMU_PID"; wait "$EMU_PID" 2>/dev/null || true
done
