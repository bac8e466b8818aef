#!/usr/bin/python3
"""A loopback SMTP listener (Debian python3-aiosmtpd) for the notification tests.

    smtp_listener.py PORT_FILE OUT_FILE [USERNAME PASSWORD]

Listens on 127.0.0.1 (a free port, written to PORT_FILE once it accepts) and appends one
JSON line per accepted mail to OUT_FILE: {"from", "to", "data", "login"}. With USERNAME
and PASSWORD it offers AUTH PLAIN/LOGIN without TLS and accepts only that pair.
"""
import json
import os
import socket
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

port_file, out_file = sys.argv[1], sys.argv[2]
credentials = (sys.argv[3], sys.argv[4]) if len(sys.argv) > 4 else None


class Handler:
    async def handle_DATA(self, server, session, envelope):
        login = session.auth_data
        if isinstance(login, bytes):
            login = login.decode()
        with open(out_file, "a") as out:
            out.write(json.dumps({"from": envelope.mail_from, "to": envelope.rcpt_tos,
                                  "data": envelope.content.decode("utf-8", "replace"),
                                  "login": login}) + "\n")
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = (auth_data.login.decode(), auth_data.password.decode()) == credentials
    return AuthResult(success=ok, auth_data=auth_data.login if ok else None)


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
kwargs = {}
if credentials:
    kwargs = dict(authenticator=authenticate, auth_require_tls=False, auth_required=True)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
with open(port_file + ".tmp", "w") as f:
    f.write(str(port))
os.rename(port_file + ".tmp", port_file)
threading.Event().wait()
