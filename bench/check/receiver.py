"""A minimal correct TRST receiver for the check benchmark: verifies the HMAC, deduplicates on
event_id, acknowledges unknown types. Optional per-request delay models a slow handler.

usage: python3 receiver.py PORT [DELAY_MS]
"""
import hashlib
import hmac
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SECRET = b"whsec_trst_hooks_local_development_only"
DELAY = float(sys.argv[2]) / 1000 if len(sys.argv) > 2 else 0.0
SEEN = set()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, code, body):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if DELAY:
            time.sleep(DELAY)
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        given = self.headers.get("X-Webhook-Signature", "")
        if not hmac.compare_digest(given.strip(), expected):
            return self.answer(401, '{"error":"invalid signature"}')
        try:
            event = json.loads(body)
        except ValueError:
            return self.answer(400, '{"error":"body is not JSON"}')
        if not isinstance(event, dict):
            return self.answer(400, '{"error":"not an object"}')
        SEEN.add(event.get("event_id"))
        return self.answer(200, '{"received":true}')


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
