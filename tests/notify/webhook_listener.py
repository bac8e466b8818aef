#!/usr/bin/python3
"""A loopback HTTP listener for the notification tests.

    webhook_listener.py PORT_FILE OUT_FILE [FAIL_FIRST]

Listens on 127.0.0.1 (a free port, written to PORT_FILE once it accepts), and appends one
JSON line per POST to OUT_FILE: {"path", "status", "headers", "body"}. The first
FAIL_FIRST requests are answered 500, the rest 200. The line is written before the answer,
so a client that got its answer finds its request in the file.
"""
import http.server
import json
import os
import sys

port_file, out_file = sys.argv[1], sys.argv[2]
fail_first = int(sys.argv[3]) if len(sys.argv) > 3 else 0
seen = 0


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global seen
        seen += 1
        status = 500 if seen <= fail_first else 200
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8", "replace")
        with open(out_file, "a") as out:
            out.write(json.dumps({"path": self.path, "status": status,
                                  "headers": dict(self.headers), "body": body}) + "\n")
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(port_file + ".tmp", port_file)
server.serve_forever()
