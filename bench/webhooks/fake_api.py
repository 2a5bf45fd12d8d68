#!/usr/bin/env python3
"""A minimal fake TRST management API for benchmarks and hand testing (loopback only).

Serves PORT (argv[1], default 8765) under /v1/project/<project>/webhooks with N_DELIVERIES
deliveries (argv[2], default 1000) for every webhook. Any bearer key is accepted. Test deliveries
succeed on the second poll.
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8765
N = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
NOW = lambda: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

WEBHOOKS = [
    {"id": f"wh_{i}", "url": f"https://hooks{i}.example.com/webhooks/trst",
     "event_types": ["enrollment.completed", "demo.scan.success"], "enabled": i % 3 != 0,
     "created_at": "2024-11-02T15:00:00Z"}
    for i in range(24)
]
STATUSES = ["succeeded", "failed", "pending"]
DELIVERIES = [
    {"id": f"del_{i}", "webhook_id": "wh_0", "event_id": f"evt_{i}", "event_type": "enrollment.completed",
     "status": STATUSES[i % 3], "attempts": 1 + i % 4, "response_code": [200, 500, None][i % 3],
     "created_at": "2024-11-02T15:00:00Z", "last_attempt_at": "2024-11-02T15:00:01Z",
     "next_attempt_at": None, "region": "ca-central-1"}
    for i in range(N)
]
TESTS = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def parts(self):
        return self.path.split("?")[0].strip("/").split("/")[4:]

    def do_GET(self):
        rest = self.parts()
        if rest == []:
            return self.send(200, {"data": WEBHOOKS})
        if len(rest) == 1:
            hook = next((w for w in WEBHOOKS if w["id"] == rest[0]), None)
            return self.send(200, hook) if hook else self.send(404, {"message": "webhook not found"})
        if len(rest) == 2 and rest[1] == "deliveries":
            for t in TESTS:
                t["polls"] += 1
                if t["polls"] >= 2 and t["status"] == "pending":
                    t.update(status="succeeded", attempts=1, response_code=200, last_attempt_at=NOW())
            items = [dict((k, v) for k, v in t.items() if k != "polls") for t in TESTS if t["webhook_id"] == rest[0]]
            return self.send(200, items + DELIVERIES)
        if len(rest) == 4 and rest[3] == "attempts":
            return self.send(200, [{"id": "att_1", "delivery_id": rest[2], "attempt": 1, "attempted_at": NOW(),
                                    "status_code": 500, "latency_ms": 87, "error": None,
                                    "response_body": "Internal Server Error", "succeeded": False}])
        self.send(404, {"message": "no such route"})

    def do_POST(self):
        rest = self.parts()
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length) or b"{}")
        if rest == []:
            hook = {"id": f"wh_{len(WEBHOOKS)}", "url": body.get("url"), "event_types": body.get("event_types", []),
                    "enabled": body.get("enabled", True), "created_at": NOW()}
            WEBHOOKS.append(hook)
            return self.send(201, dict(hook, secret="whsec_benchSecretShownOnce0123456789"))
        if len(rest) == 2 and rest[1] == "test":
            TESTS.append({"id": f"del_test{len(TESTS)}", "webhook_id": rest[0], "event_type": "webhook.test",
                          "status": "pending", "attempts": 0, "response_code": None, "created_at": NOW(), "polls": 0})
            return self.send(202, {"message": "test event queued"})
        self.send(404, {"message": "no such route"})


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
