#!/usr/bin/env python3
"""Provisioning Bench Pi agent: receives DPS credentials over a serial line (PROTOCOL.md),
stores them atomically, proves it, registers with DPS and sends telemetry. Standard library only."""
import argparse
import base64
import binascii
import hashlib
import hmac
import os
import re
import select
import sys
import termios
import threading
import time
import tty

import pb_frames
from pb_store import Store
from pb_worker import Worker

VERSION = "1.0.0"
SCOPE_RE = re.compile(r"^0ne[0-9A-Fa-f]{8}$")
REG_RE = re.compile(r"^[a-z0-9.:_-]{1,128}$")
HOST_RE = re.compile(r"^[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?$")
BAUDS = {9600: termios.B9600, 19200: termios.B19200, 38400: termios.B38400, 57600: termios.B57600,
         115200: termios.B115200, 230400: termios.B230400}


def log(text):
    sys.stderr.write("pb-agent: %s\n" % text)
    sys.stderr.flush()


def proof(creds, host_nonce, device_nonce):
    message = "\n".join(["PB1-proof", host_nonce, device_nonce, creds["idScope"], creds["globalEndpoint"], creds["registrationId"]])
    return hmac.new(base64.b64decode(creds["key"]), message.encode("utf-8"), hashlib.sha256).hexdigest()


def invalid_field(body):
    """The name of the first config field that breaks PROTOCOL.md section 3, or None."""
    if not isinstance(body.get("idScope"), str) or not SCOPE_RE.match(body["idScope"]):
        return "idScope"
    if not isinstance(body.get("globalEndpoint"), str) or not HOST_RE.match(body["globalEndpoint"]):
        return "globalEndpoint"
    if not isinstance(body.get("registrationId"), str) or not REG_RE.match(body["registrationId"]):
        return "registrationId"
    try:
        key = base64.b64decode(body.get("key", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        return "key"
    return None if 16 <= len(key) <= 64 else "key"


def board_serial():
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.lower().startswith("serial"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    try:
        with open("/etc/machine-id") as handle:
            return handle.read().strip()[:16]
    except OSError:
        return "unknown"


def board_model():
    try:
        with open("/proc/device-tree/model", "rb") as handle:
            return handle.read().rstrip(b"\x00").decode("utf-8", "replace")
    except OSError:
        return "unknown"


class Agent:
    def __init__(self, fd, store, worker, serial, model):
        self.fd, self.store, self.worker = fd, store, worker
        self.serial, self.model = serial, model
        self.replies = {}
        self.order = []
        self.host_nonce = None
        self.device_nonce = None
        self.write_lock = threading.Lock()

    def send(self, data):
        with self.write_lock:
            view = memoryview(data)
            while view:
                written = os.write(self.fd, view)
                view = view[written:]

    def say(self, text):
        """Console text on the line: the host shows it, never parses it. No host listening is fine."""
        log(text)
        try:
            self.send(("pb-agent: " + text + "\r\n").encode("utf-8"))
        except OSError:
            pass

    def state(self):
        if self.store.has_pending():
            return "stored"
        return self.worker.state() if self.store.current() else "empty"

    def handle(self, body):
        seq = body["s"]
        if seq in self.replies:
            return self.replies[seq]
        kind = body["t"]
        reply = self.execute(kind, body)
        if reply is None:
            return None
        reply["s"] = seq
        frame = pb_frames.encode(reply)
        self.replies[seq] = frame
        self.order.append(seq)
        if len(self.order) > 16:
            self.replies.pop(self.order.pop(0), None)
        return frame

    def execute(self, kind, body):
        if kind == "hello":
            nonce = body.get("n")
            if not isinstance(nonce, str) or not re.match(r"^[0-9a-f]{32}$", nonce):
                return {"t": "error", "code": "E_INVALID", "message": "n"}
            self.host_nonce, self.device_nonce = nonce, os.urandom(16).hex()
            current = self.store.current()
            return {"t": "info", "v": 1, "n": self.device_nonce, "serial": self.serial, "model": self.model,
                    "agent": VERSION, "state": self.state(), "registrationId": current and current.get("registrationId")}
        if kind == "config":
            return self.configure(body)
        if kind == "commit":
            if not self.store.commit():
                return {"t": "error", "code": "E_STATE", "message": "nothing stored to commit"}
            current = self.store.current()
            self.say("credentials committed for " + current["registrationId"])
            self.worker.start(current)
            return {"t": "committed", "registrationId": current["registrationId"]}
        if kind == "discard":
            self.store.discard()
            return {"t": "discarded"}
        if kind == "status":
            reply = {"t": "status", "state": self.state()}
            reply.update(self.worker.snapshot())
            return reply
        return {"t": "error", "code": "E_UNKNOWN", "message": "unknown request " + kind[:32]}

    def configure(self, body):
        if not self.host_nonce:
            return {"t": "error", "code": "E_NONCE", "message": "config before hello"}
        field = invalid_field(body)
        if field:
            return {"t": "error", "code": "E_INVALID", "message": "invalid " + field}
        try:
            stored = self.store.stage(body)
        except OSError as error:
            self.store.discard()
            self.say("storing credentials failed: " + error.strerror)
            return {"t": "error", "code": "E_STORE", "message": "could not store credentials: " + str(error.strerror)}
        if not stored or any(stored.get(k) != body[k] for k in ("idScope", "globalEndpoint", "registrationId", "key")):
            self.store.discard()
            return {"t": "error", "code": "E_READBACK", "message": "stored credentials differ on read-back"}
        self.say("credentials stored for " + stored["registrationId"] + ", awaiting commit")
        return {"t": "stored", "proof": proof(stored, self.host_nonce, self.device_nonce)}

    def run(self):
        reader = pb_frames.LineReader()
        self.say("agent %s ready, serial %s" % (VERSION, self.serial))
        while True:
            ready, _, _ = select.select([self.fd], [], [], 1.0)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 4096)
            except OSError:
                data = b""
            if not data:
                time.sleep(0.2)
                continue
            for line in reader.feed(data):
                body = pb_frames.decode(line)
                if body is None:
                    continue
                frame = self.handle(body)
                if frame:
                    try:
                        self.send(frame)
                    except OSError:
                        pass  # the host went away; it re-sends and gets the cached reply


def open_serial(path, baud):
    fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
    tty.setraw(fd)
    attrs = termios.tcgetattr(fd)
    attrs[3] &= ~(termios.ECHO | termios.ECHONL | termios.ICANON)
    attrs[4] = attrs[5] = BAUDS.get(baud, termios.B115200)
    termios.tcsetattr(fd, termios.TCSANOW, attrs)
    return fd


def main(argv=None):
    parser = argparse.ArgumentParser(description="Provisioning Bench Pi agent")
    parser.add_argument("--port", default="/dev/ttyGS0")
    parser.add_argument("--baud", type=int, default=115200)
    parser.add_argument("--state-dir", default="/var/lib/pb-agent")
    parser.add_argument("--ca", help="CA file to trust for DPS and the hub (the sandbox's ca.pem)")
    parser.add_argument("--telemetry", help="JSON-lines file of telemetry messages to send after registering")
    parser.add_argument("--telemetry-interval", type=float, default=5.0)
    parser.add_argument("--serial", help="override the board serial number")
    parser.add_argument("--no-register", action="store_true", help="store credentials only")
    args = parser.parse_args(argv)
    store = Store(args.state_dir)
    store.discard()
    worker = Worker(store, args, log)
    fd = open_serial(args.port, args.baud)
    agent = Agent(fd, store, worker, args.serial or board_serial(), board_model())
    worker.say = agent.say
    if store.current():
        worker.start(store.current())
    agent.run()


if __name__ == "__main__":
    main()
