#!/usr/bin/env bash
# Benchmark `trst-hooks check`: a full run against a fast local receiver, and against one that
# takes 100 ms per request with --concurrency 1 vs 4 (what concurrency buys on a slow endpoint).
# Loopback only; every run is bounded. Usage: bench/check/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3; }
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}"
cargo build --release --quiet
bin="$CARGO_TARGET_DIR/release/trst-hooks"

fast_port=18651
slow_port=18652
python3 bench/check/receiver.py "$fast_port" & fast_pid=$!
python3 bench/check/receiver.py "$slow_port" 100 & slow_pid=$!
trap 'kill "$fast_pid" "$slow_pid" 2>/dev/null || true' EXIT
for port in "$fast_port" "$slow_port"; do
  for _ in $(seq 50); do
    (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
done

fast="http://127.0.0.1:$fast_port/webhooks/trst"
slow="http://127.0.0.1:$slow_port/webhooks/trst"
"$bin" check "$fast" --json > /dev/null 2>&1 || { echo "check failed against the fast receiver"; exit 1; }

hyperfine --warmup 2 --runs 20 -N \
  "$bin check $fast --json" \
  "$bin check $fast --json --concurrency 1"
hyperfine --warmup 1 --runs 5 -N \
  "$bin check $slow --json --slow-threshold 15s --concurrency 1" \
  "$bin check $slow --json --slow-threshold 15s --concurrency 4"
