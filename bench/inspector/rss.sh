#!/usr/bin/env bash
# Peak memory of `listen` with the web inspector open in a real browser while `send --count N`
# delivers N distinct signed events (issue 15 asks for a bounded inspector: its ring keeps
# --ui-history deliveries, the page a window of them). Release build, headless Chromium
# connected to the inspector page (it holds the live stream open the whole time), then the same
# run with --no-ui for comparison. Reports peak RSS of the listener (/usr/bin/time -v).
# Usage: bench/inspector/rss.sh [COUNT] [CONCURRENCY]
set -euo pipefail

COUNT=${1:-10000}
CONC=${2:-32}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
OUT=$(mktemp -d)
BROWSER_PID=
trap '[ -n "$BROWSER_PID" ] && kill "$BROWSER_PID" 2>/dev/null && wait "$BROWSER_PID" 2>/dev/null; rm -rf "$OUT" 2>/dev/null || true' EXIT

BROWSER=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$BROWSER" ] || { echo "needs chromium (apt-get install chromium)"; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)"; exit 2; }
cargo build --release --quiet --bin trst-hooks
BIN=$CARGO_TARGET_DIR/release/trst-hooks

# measure LABEL [listen flags…]: one run; prints the peak RSS and how many deliveries were logged.
measure() {
  local label=$1; shift
  local log=$OUT/$label.jsonl
  /usr/bin/time -v -o "$OUT/$label.time" "$BIN" listen --port 0 --json \
    --log "$log" "$@" > /dev/null 2> "$OUT/$label.err" &
  local pid=$!
  local url='' inspector=''
  for _ in $(seq 200); do
    url=$(sed -n 's/^ready: listening on //p' "$OUT/$label.err" | head -1)
    [ -n "$url" ] && break
    sleep 0.05
  done
  [ -n "$url" ] || { cat "$OUT/$label.err"; exit 2; }
  inspector=$(sed -n 's/^ *inspector *//p' "$OUT/$label.err" | head -1)
  if [ -n "$inspector" ]; then
    "$BROWSER" --headless=new --no-sandbox --disable-gpu --user-data-dir="$OUT/profile" \
      --remote-debugging-port=0 "$inspector" > /dev/null 2>&1 &
    BROWSER_PID=$!
    # Wait until the page has opened its live stream (the listener logs nothing for it, so
    # look for the browser's connection to the inspector port).
    local port=${inspector#http://127.0.0.1:}; port=${port%%/*}
    local connected=no
    for _ in $(seq 200); do
      if ss -Htn state established "( dport = :$port )" 2>/dev/null | grep -q .; then
        connected=yes; break
      fi
      sleep 0.05
    done
    [ "$connected" = yes ] || { echo "the browser never connected to $inspector"; exit 2; }
  fi
  "$BIN" send enrollment.completed --to "$url" --count "$COUNT" -c "$CONC" > /dev/null
  kill -TERM "$(pgrep -P "$pid")" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ -n "$BROWSER_PID" ]; then kill "$BROWSER_PID" 2>/dev/null || true; wait "$BROWSER_PID" 2>/dev/null || true; BROWSER_PID=; fi
  local rss lines
  rss=$(awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$OUT/$label.time")
  lines=$(wc -l < "$log")
  printf '%-28s peak RSS %6s MB   %s deliveries logged\n' "$label" "$rss" "$lines"
}

echo "send --count $COUNT -c $CONC, distinct events, release build"
measure "inspector + browser" --ui-port 0
measure "--no-ui" --no-ui
