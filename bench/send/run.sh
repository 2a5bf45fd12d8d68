#!/usr/bin/env bash
# Benchmark for `trst-hooks send` load mode: COUNT requests at concurrency 32, every request a
# fresh event with its own signature, against a bare local server; versus wrk (and oha when
# installed) against the same server in the same run. Ours is timed on the wall clock from
# process start to exit (start-up included). Prints medians and the req/s ratio.
# With COMPARE_BIN=/path/to/an/older/trst-hooks the older build runs too (before/after, one run).
# Usage: bash bench/send/run.sh [ROUNDS] [COUNT]   (default 3 rounds of 30,000, alternating tools)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
count=${2:-30000}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet --bin trst-hooks --example send_bench_server
bin=$CARGO_TARGET_DIR/release/trst-hooks
server=$CARGO_TARGET_DIR/release/examples/send_bench_server
work=$(mktemp -d)
"$server" > "$work/url" &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
url=$(head -n1 "$work/url")
echo "server: $url (bare axum, 200 to everything)"

# wrk posts one fixed, pre-signed event of the same size (it cannot sign per request).
"$bin" send enrollment.completed --to "$url" --dry-run --json --dev-secret > "$work/dry.json"
python3 - "$work/dry.json" "$work/post.lua" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
headers = "".join(f'wrk.headers[{json.dumps(k)}] = {json.dumps(v)}\n' for k, v in d["headers"])
open(sys.argv[2], "w").write(f'wrk.method = "POST"\nwrk.body = {json.dumps(d["body"])}\n{headers}')
PY

# wall_rps BINARY: run one load and print requests per wall-clock second, start-up included.
wall_rps() {
  local start end
  start=$(date +%s.%N)
  "$1" send enrollment.completed --count "$count" --concurrency 32 --json --to "$url" --dev-secret \
    > "$work/ours.json"
  end=$(date +%s.%N)
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["ok"]==int(sys.argv[2]), s' \
    "$work/ours.json" "$count"
  awk -v n="$count" -v a="$start" -v b="$end" 'BEGIN {printf "%.0f", n / (b - a)}'
}

ours=(); theirs=(); oha_runs=(); before=()
for round in $(seq "$rounds"); do
  ours+=("$(wall_rps "$bin")")
  [ -n "${COMPARE_BIN:-}" ] && before+=("$(wall_rps "$COMPARE_BIN")")
  wrk -t1 -c32 -d3s -s "$work/post.lua" "$url" > "$work/wrk.txt"
  theirs+=("$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")")
  if command -v oha >/dev/null; then
    body=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["body"])' "$work/dry.json")
    oha -n "$count" -c 32 -m POST -H 'Content-Type: application/json' -d "$body" --no-tui --output-format json "$url" > "$work/oha.json"
    oha_runs+=("$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["requestsPerSec"])' "$work/oha.json")")
  fi
  echo "round $round: trst-hooks ${ours[-1]} req/s${before:+, before ${before[-1]} req/s}, wrk ${theirs[-1]} req/s${oha_runs:+, oha ${oha_runs[-1]} req/s}"
done
python3 - "${ours[*]}" "${theirs[*]}" "${oha_runs[*]:-}" "${before[*]:-}" "$count" <<'PY'
import statistics, sys
ours = [float(x) for x in sys.argv[1].split()]
wrk = [float(x) for x in sys.argv[2].split()]
oha = [float(x) for x in sys.argv[3].split()] if sys.argv[3].strip() else []
before = [float(x) for x in sys.argv[4].split()] if sys.argv[4].strip() else []
mo, mw = statistics.median(ours), statistics.median(wrk)
print(f"median: trst-hooks send --count {sys.argv[5]} -c 32 {mo:,.0f} req/s, wall clock (fresh event + HMAC each)")
print(f"median: wrk -t1 -c32 (fixed body)          {mw:,.0f} req/s")
print(f"ratio trst-hooks/wrk = {mo/mw:.2f} (goal >= 0.90)")
if before:
    mb = statistics.median(before)
    print(f"median: before (COMPARE_BIN) {mb:,.0f} req/s; ratio before/wrk = {mb/mw:.2f}")
if oha:
    mh = statistics.median(oha)
    print(f"median: oha -n 10000 -c 32 {mh:,.0f} req/s; ratio trst-hooks/oha = {mo/mh:.2f}")
PY
