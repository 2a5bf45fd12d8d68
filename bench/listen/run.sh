#!/usr/bin/env bash
# Benchmark `trst-hooks listen --json --log FILE >/dev/null` against a bare axum route
# (examples/bare_server.rs) with wrk: signed POSTs, 32 connections, 10 s each, one after the
# other in the same run. Reports req/s, p50/p99, the ratio, deliveries missing from the log
# and peak RSS. Usage: bench/listen/run.sh [DURATION] [CONNECTIONS]
set -euo pipefail

DURATION=${1:-10s}
CONNECTIONS=${2:-32}
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
printf '%s' "$BODY" > "$OUT/body.json"
SIGNATURE=$(TRST_WEBHOOK_SECRET=$SECRET "$BIN" sign "$OUT/body.json")
sed -e "s|@SIGNATURE@|$SIGNATURE|" -e "s|@BODY@|$BODY|" "$ROOT/bench/listen/post.lua.in" > "$OUT/post.lua"

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

run_wrk() { wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$OUT/post.lua" "$URL" > "$OUT/$1.wrk"; }

rps() { awk '/^Requests\/sec/ {print $2}' "$OUT/$1.wrk"; }
pct() { awk -v p="$2" '$1 == p {print $2}' "$OUT/$1.wrk"; }
total() { awk '/requests in/ {print $1}' "$OUT/$1.wrk"; }
non2xx() { awk '/Non-2xx/ {print $NF}' "$OUT/$1.wrk"; }
rss_mb() { awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$OUT/$1.time"; }

start bare "$BARE" 0
run_wrk bare
stop

start listen env NO_COLOR=1 "$BIN" listen --port 0 --json --log "$OUT/deliveries.jsonl"
run_wrk listen
stop

LOGGED=$(wc -l < "$OUT/deliveries.jsonl")
SENT=$(total listen)
MISSING=$(( SENT > LOGGED ? SENT - LOGGED : 0 ))
RATIO=$(awk -v a="$(rps listen)" -v b="$(rps bare)" 'BEGIN {printf "%.2f", a / b}')

printf '%-8s %12s %10s %10s %10s %9s\n' server "req/s" p50 p99 requests "RSS MB"
for s in bare listen; do
  printf '%-8s %12s %10s %10s %10s %9s\n' "$s" "$(rps $s)" "$(pct $s 50%)" "$(pct $s 99%)" "$(total $s)" "$(rss_mb $s)"
done
echo "ratio listen/bare: $RATIO (goal >= 0.80)"
echo "log lines: $LOGGED for $SENT completed requests; missing from the log: $MISSING"
[ -n "$(non2xx listen)" ] && echo "non-2xx answers from listen: $(non2xx listen)"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
