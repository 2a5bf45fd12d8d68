#!/usr/bin/env bash
# Benchmarks for `trst-hooks verify` (issue 3): one-shot vs openssl, and bulk log verification
# vs openssl's HMAC-SHA256 1 KiB throughput. Prints medians and ratios from one run.
# With COMPARE_BIN=/path/to/an/older/trst-hooks the older build runs too (before/after, one run).
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
command -v openssl >/dev/null || { apt-get update -qq && apt-get install -y -qq openssl; }
cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/trst-hooks"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
secret=whsec_benchmark_secret
printf '%s' "$secret" > "$work/secret"
head -c 1024 /dev/urandom | base64 -w0 | head -c 1024 > "$work/body"
sig=$(openssl dgst -sha256 -hmac "$secret" -r "$work/body" | cut -d' ' -f1)

echo "== one-shot: verify a 1 KiB body =="
oneshot=("$bin verify $work/body --signature sha256=$sig --secret-file $work/secret")
[ -n "${COMPARE_BIN:-}" ] && oneshot+=("$COMPARE_BIN verify $work/body --signature sha256=$sig --secret-file $work/secret")
hyperfine -N --warmup 20 --runs 300 --export-json "$work/oneshot.json" \
  "${oneshot[@]}" "openssl dgst -sha256 -hmac $secret $work/body"
python3 - "$work/oneshot.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ossl = r[-1]["median"] * 1000
for x in r[:-1]:
    ours = x["median"] * 1000
    print(f"median {ours:.2f} ms: {x['command'].split(' verify')[0]}; ratio to openssl dgst ({ossl:.2f} ms) = {ours/ossl:.2f} (goal <= 0.45)")
PY

echo "== bulk: verify --log over 100,000 deliveries of ~1 KiB =="
python3 bench/verify/make_log.py 100000 "$secret" "$work/log.jsonl"
bytes=$(stat -c %s "$work/log.jsonl")
bulk=("$bin verify --log $work/log.jsonl --secret-file $work/secret")
[ -n "${COMPARE_BIN:-}" ] && bulk+=("$COMPARE_BIN verify --log $work/log.jsonl --secret-file $work/secret")
hyperfine -N --warmup 1 --runs 5 --export-json "$work/bulk.json" "${bulk[@]}"
ceiling=$(openssl speed -seconds 2 -bytes 1024 -hmac sha256 2>/dev/null | awk '/^hmac/ {print $NF}' | tr -d k)
python3 - "$work/bulk.json" "$bytes" "$ceiling" <<'PY'
import json, sys
log_bytes, ceiling_kbs = int(sys.argv[2]), float(sys.argv[3])
ceiling_per_s = ceiling_kbs * 1000 / 1024  # openssl prints kB/s (1000 bytes) of 1024-byte blocks
print(f"openssl speed -hmac sha256 at 1 KiB: {ceiling_per_s:,.0f} HMACs/s")
for x in json.load(open(sys.argv[1]))["results"]:
    median = x["median"]
    per_s = 100000 / median
    print(f"{x['command'].split(' verify')[0]}: median {median*1000:.0f} ms: {per_s:,.0f} deliveries/s, "
          f"{log_bytes/median/1e6:.0f} MB/s of log; ratio openssl/ours = {ceiling_per_s/per_s:.2f} (goal <= 1.5)")
PY
