#!/usr/bin/env bash
# Benchmark `trst-hooks webhooks` against a local fake API (bench/webhooks/fake_api.py) on
# loopback: how much a call costs on top of fetching the same JSON with curl. Prints hyperfine's
# table and a ratio. Usage: bench/webhooks/run.sh [N_DELIVERIES]   (default 1000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
n="${1:-1000}"
port="${PORT:-8765}"

command -v hyperfine >/dev/null || apt-get install -y hyperfine
command -v curl >/dev/null || apt-get install -y curl
command -v python3 >/dev/null || apt-get install -y python3

bin="${BIN:-${CARGO_TARGET_DIR:-$root/target}/release/trst-hooks}"
if [ ! -x "$bin" ]; then
  (cd "$root" && cargo build --release)
fi

python3 "$here/fake_api.py" "$port" "$n" &
server=$!
trap 'kill "$server" 2>/dev/null' EXIT
for _ in $(seq 50); do
  curl -sf "http://127.0.0.1:$port/v1/project/p/webhooks" >/dev/null && break
  sleep 0.1
done

export TRST_API_KEY=key_bench.secret TRST_PROJECT_ID=p TRST_API_BASE="http://127.0.0.1:$port/v1" NO_COLOR=1
url="$TRST_API_BASE/project/p/webhooks/wh_0/deliveries"
hyperfine --warmup 3 --runs "${RUNS:-30}" --export-json /tmp/webhooks-bench.json \
  -n curl "curl -sf -H 'Authorization: Bearer $TRST_API_KEY' $url" \
  -n "deliveries --json" "$bin webhooks deliveries wh_0 --json" \
  -n "deliveries (table)" "$bin webhooks deliveries wh_0" \
  -n "list (table)" "$bin webhooks list" >&2

python3 - <<'PY'
import json
r = {x["command"]: x["median"] for x in json.load(open("/tmp/webhooks-bench.json"))["results"]}
base = r["curl"]
for name, median in r.items():
    print(f"{name:20s} median {median*1000:7.2f} ms  ratio to curl {median/base:5.2f}x")
PY
