#!/usr/bin/env bash
# Benchmark `trst-hooks listen --json --log FILE >/dev/null` against a bare axum route
# (examples/bare_server.rs) with wrk: signed POSTs, one wrk thread, CONNECTIONS connections,
# DURATION per server, one after the other in the same run. Two workloads:
#   repeated  one pre-signed event sent again and again (the first benchmark of this tool)
#   distinct  5,000 distinct signed events in rotation, each with its own event_id (signed by
#             Python's hmac in make_events.py), as real traffic looks to the duplicate map
# Reports req/s, p50/p99, the ratio to the bare route, deliveries missing from the log, peak
# RSS and the server's CPU time per request. With COMPARE_BIN=/path/to/an/older/trst-hooks the
# older build runs too, in the same run, so one run gives before/after figures. LISTEN_ARGS adds flags to the current build (e.g. --no-ui).
# Usage: bench/listen/run.sh [DURATION] [CONNECTIONS] [repeated|distinct|both]
set -euo pipefail

DURATION=${1:-10s}
CONNECTIONS=${2:-32}
WORKLOADS=${3:-both}
[ "$WORKLOADS" = both ] && WORKLOADS="repeated distinct"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

need() { command -v "$1" >/dev/null 2>&1 || { apt-get install -y "$2" >/dev/null 2>&1 || sudo apt-get install -y "$2"; }; }
need wrk wrk
[ -x /usr/bin/time ] || need time time

cargo build --release --quiet --bin trst-hooks --example bare_server
BIN=$CARGO_TARGET_DIR/release/trst-hooks
BARE=$CARGO_TARGET_DIR/release/examples/bare_server
SECRET=whsec_trst_hooks_local_development_only

BODY='{"event_id":"550e8400-e29b-41d4-a716-446655440000","timestamp":"2024-11-02T15:30:00Z","project_id":"proj_abc123","data":{"event_type":"enrollment.completed","session_id":"sess_8f2c","member_id":"mem_41d4","device_id":"dev_a716","completed_at":"2024-11-02T15:30:00Z"}}'
SIGNATURE=sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)
sed -e "s|@SIGNATURE@|$SIGNATURE|" -e "s|@BODY@|$BODY|" "$ROOT/bench/listen/post.lua.in" > "$OUT/repeated.lua"
python3 "$ROOT/bench/listen/make_events.py" 5000 "$SECRET" "$OUT/distinct.lua"

# start NAME CMD…: run CMD under /usr/bin/time -v, wait for its ready line, set URL and PID.
start() {
  local name=$1; shift
  /usr/bin/time -v -o "$OUT/$name.time" "$@" 2> "$OUT/$name.err" > /dev/null &
  PID=$!
  for _ in $(seq 200); do
    URL=$(sed -n 's/^ready: listening on //p' "$OUT/$name.err" | head -1)
    [ -n "$URL" ] && return 0
    sleep 0.05
  done
  echo "$name did not start:"; cat "$OUT/$name.err"; exit 2
}

# stop: SIGTERM the server (background jobs of a script ignore SIGINT), wait for it.
stop() { kill -TERM $(pgrep -P "$PID") 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }

run_wrk() { wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/$2.lua" "$URL" > "$OUT/$1.wrk"; }

rps() { awk '/^Requests\/sec/ {print $2}' "$OUT/$1.wrk"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$OUT/$1.wrk"; }
total() { awk '/requests in/ {print $1}' "$OUT/$1.wrk"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$OUT/$1.wrk"; }
rss_mb() { awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$OUT/$1.time"; }
# CPU time (user + system) the server spent per completed request, in µs: far steadier than
# req/s on a shared machine, since other processes taking the cores do not change it much.
cpu_us() {
  awk -F: -v n="$(total "$1")" '/User time|System time/ {t += $2} END {printf "%.1f", t * 1e6 / n}' "$OUT/$1.time"
}

# listen_run NAME BINARY WORKLOAD: one listener run with its own fresh log.
listen_run() {
  start "$1" env NO_COLOR=1 "$2" listen --port 0 --json --log "$OUT/$1.jsonl" ${4:-}
  run_wrk "$1" "$3"
  stop
}

for w in $WORKLOADS; do
  echo "== workload: $w ($DURATION, $CONNECTIONS connections) =="
  servers="bare-$w listen-$w"
  start "bare-$w" "$BARE" 0; run_wrk "bare-$w" "$w"; stop
  listen_run "listen-$w" "$BIN" "$w" "${LISTEN_ARGS:-}"
  if [ -n "${COMPARE_BIN:-}" ]; then
    listen_run "before-$w" "$COMPARE_BIN" "$w"
    servers="$servers before-$w"
  fi
  printf '%-18s %12s %10s %10s %10s %9s %7s %8s %9s\n' server "req/s" p50 p99 requests "RSS MB" ratio missing "CPU µs/req"
  for s in $servers; do
    ratio=$(awk -v a="$(rps "$s")" -v b="$(rps "bare-$w")" 'BEGIN {printf "%.2f", a / b}')
    missing=-
    if [ -f "$OUT/$s.jsonl" ]; then
      logged=$(wc -l < "$OUT/$s.jsonl"); sent=$(total "$s")
      missing=$(( sent > logged ? sent - logged : 0 ))
    fi
    printf '%-18s %12s %10s %10s %10s %9s %7s %8s %9s\n' "$s" "$(rps "$s")" "$(pct "$s" 50%)" \
      "$(pct "$s" 99%)" "$(total "$s")" "$(rss_mb "$s")" "$ratio" "$missing" "$(cpu_us "$s")"
    [ -n "$(non2xx "$s")" ] && echo "  non-2xx answers from $s: $(non2xx "$s")"
  done
done
echo "goals (issue 17): listen/bare >= 0.75 repeated, >= 0.65 distinct; 0 missing from the log"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
