#!/usr/bin/env bash
# One-shot `trst-hooks send` of one event to a local bare route, against `curl` posting the same
# signed body with the same headers (hyperfine, no shell, same run). Start-up cost dominates
# both, so this measures how fast the tool gets going. With COMPARE_BIN=/path/to/an/older
# trst-hooks, the older build runs too (before/after from one run).
# Usage: bash bench/send/oneshot.sh [RUNS]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-300}
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl; }
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

# curl sends exactly the request send would (body and headers from --dry-run --json).
"$bin" send enrollment.completed --to "$url" --dry-run --json --dev-secret > "$work/dry.json"
python3 - "$work/dry.json" "$work" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
open(sys.argv[2] + "/body", "w").write(d["body"])
open(sys.argv[2] + "/headers", "w").write("\n".join(f"{k}: {v}" for k, v in d["headers"]))
PY
cmds=("$bin send enrollment.completed --to $url --dev-secret")
[ -n "${COMPARE_BIN:-}" ] && cmds+=("$COMPARE_BIN send enrollment.completed --to $url --dev-secret")
cmds+=("curl -s -o /dev/null -H @$work/headers --data-binary @$work/body $url")
hyperfine -N --warmup 20 --runs "$runs" --export-json "$work/oneshot.json" "${cmds[@]}"
python3 - "$work/oneshot.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
curl = r[-1]["median"] * 1000
for x in r[:-1]:
    ms = x["median"] * 1000
    print(f"median {ms:.2f} ms: {x['command'].split(' send')[0]}; ratio to curl = {ms / curl:.2f} (goal <= 0.6)")
print(f"median {curl:.2f} ms: curl")
PY
