#!/usr/bin/env bash
# Benchmarks for `trst-hooks verify` (issue 3): one-shot vs openssl, and bulk log verification
# vs openssl's HMAC-SHA256 1 KiB throughput. Prints medians and ratios from one run.
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
hyperfine -N --warmup 20 --runs 300 --export-json "$work/oneshot.json" \
  "$bin verify $work/body --signature sha256=$sig --secret-file $work/secret" \
  "openssl dgst -sha256 -hmac $secret $work/body"
python3 - "$work/oneshot.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
ours, ossl = r[0]["median"] * 1000, r[1]["median"] * 1000
print(f"median: trst-hooks verify {ours:.2f} ms, openssl dgst {ossl:.2f} ms, ratio ours/openssl = {ours/ossl:.2f} (goal <= 1)")
PY

echo "== bulk: verify --log over 100,000 deliveries of ~1 KiB =="
python3 bench/verify/make_log.py 100000 "$secret" "$work/log.jsonl"
bytes=$(stat -c %s "$work/log.jsonl")
hyperfine -N --warmup 1 --runs 5 --export-json "$work/bulk.json" \
  "$bin verify --log $work/log.jsonl --secret-file $work/secret"
ceiling=$(openssl speed -seconds 2 -bytes 1024 -hmac sha256 2>/dev/null | awk '/^hmac/ {print $NF}' | tr -d k)
python3 - "$work/bulk.json" "$bytes" "$ceiling" <<'PY'
import json, sys
median = json.load(open(sys.argv[1]))["results"][0]["median"]
log_bytes, ceiling_kbs = int(sys.argv[2]), float(sys.argv[3])
per_s = 100000 / median
ceiling_per_s = ceiling_kbs * 1000 / 1024  # openssl prints kB/s (1000 bytes) of 1024-byte blocks
print(f"median {median*1000:.0f} ms: {per_s:,.0f} deliveries/s, {log_bytes/median/1e6:.0f} MB/s of log")
print(f"openssl speed -hmac sha256 at 1 KiB: {ceiling_per_s:,.0f} HMACs/s; ratio openssl/ours = {ceiling_per_s/per_s:.2f} (goal <= 2)")
PY
