#!/usr/bin/env python3
"""Write a delivery log of N deliveries with ~1 KiB bodies, signed with Python's hmac (so the
benchmark input does not depend on the code under test). Usage: make_log.py N SECRET OUT"""
import base64, hashlib, hmac, json, sys, uuid

n, secret, out = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
pad = "x" * 760
with open(out, "w") as f:
    for i in range(n):
        event_id = str(uuid.UUID(int=i))
        body = json.dumps({
            "event_id": event_id, "timestamp": "2026-11-24T10:00:00Z", "project_id": "proj_bench",
            "data": {"event_type": "enrollment.completed", "session_id": f"s_{i}", "member_id": f"m_{i}",
                     "device_id": "dev_1", "completed_at": "2026-11-24T10:00:00Z", "note": pad},
        }, separators=(",", ":")).encode()
        sig = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        f.write(json.dumps({
            "v": 1, "received_at": "2026-11-24T10:00:00.000Z", "method": "POST", "path": "/webhooks/trst",
            "remote_addr": "127.0.0.1:40000", "headers": [["content-type", "application/json"], ["x-webhook-signature", sig]],
            "body": body.decode(), "body_encoding": "utf8", "body_bytes": len(body), "event_id": event_id,
            "event_type": "enrollment.completed", "signature": {"valid": True, "secret_index": 0},
            "duplicate": False, "response": {"status": 200, "latency_ms": 0.1},
        }, separators=(",", ":")) + "\n")
