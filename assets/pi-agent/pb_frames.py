"""PB1 line framing (PROTOCOL.md section 1): STX, tag, base64 JSON body, CRC-32, newline."""
import base64
import json
import zlib

STX = b"\x02"
TAG = b"PB1:"
MAX_FRAME = 2048


def encode(body):
    """One frame (bytes) for a JSON-able dict."""
    b64 = base64.b64encode(json.dumps(body, separators=(",", ":")).encode("utf-8"))
    crc = format(zlib.crc32(b64) & 0xFFFFFFFF, "08x").encode("ascii")
    line = STX + TAG + b64 + b":" + crc + b"\n"
    if len(line) > MAX_FRAME:
        raise ValueError("frame too large")
    return line


def decode(line):
    """The body of a frame line (without its newline), or None if it is not a valid frame."""
    if line.endswith(b"\r"):
        line = line[:-1]
    if not line.startswith(STX + TAG):
        return None
    rest = line[len(STX + TAG):]
    b64, sep, crc = rest.rpartition(b":")
    if not sep or len(crc) != 8:
        return None
    if format(zlib.crc32(b64) & 0xFFFFFFFF, "08x").encode("ascii") != crc.lower():
        return None
    try:
        body = json.loads(base64.b64decode(b64, validate=True).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(body, dict) or not isinstance(body.get("t"), str) or not isinstance(body.get("s"), int):
        return None
    return body


class LineReader:
    """Splits a byte stream into lines, dropping any line longer than MAX_FRAME."""

    def __init__(self):
        self.buf = b""
        self.skipping = False

    def feed(self, data):
        self.buf += data
        lines = []
        while True:
            index = self.buf.find(b"\n")
            if index < 0:
                if len(self.buf) > MAX_FRAME:
                    self.buf = b""
                    self.skipping = True
                return lines
            line, self.buf = self.buf[:index], self.buf[index + 1:]
            if self.skipping:
                self.skipping = False
                continue
            if len(line) <= MAX_FRAME:
                lines.append(line)
