#!/usr/bin/python3
"""Sends a broker what no client should: a frame larger than socket.request.max.bytes, an
unknown API key, random bytes, a truncated request. Each connection must be closed (or get an
error), never crash the broker. Usage: bad_frames.py HOST PORT MAX_FRAME_BYTES SEED.
Prints one line per case: "<case> closed" or "<case> answered"."""
import random
import socket
import struct
import sys


def closed_after(host, port, payload):
    with socket.create_connection((host, port), timeout=5) as s:
        try:
            s.sendall(payload)
            s.settimeout(5)
            data = s.recv(4096)
            return "closed" if data == b"" else "answered"
        except (ConnectionResetError, BrokenPipeError):
            return "closed"
        except socket.timeout:
            return "timeout"


def main():
    host, port, max_frame, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    cases = {
        "oversized-frame": struct.pack(">i", max_frame + 1) + b"x" * 64,
        "negative-size": struct.pack(">i", -5),
        "unknown-api-key": struct.pack(">ihhi", 8 + 2, 999, 0, 1) + struct.pack(">h", -1),
        "unsupported-version": struct.pack(">ihhi", 10, 3, 99, 7) + struct.pack(">h", -1),
        "garbage-body": struct.pack(">ihhi", 18, 0, 7, 7) + struct.pack(">h", -1) + bytes(rng.randrange(256) for _ in range(8)),
    }
    for i in range(20):
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
        cases["random-%d" % i] = struct.pack(">i", len(body)) + body
    for name, payload in cases.items():
        print(name, closed_after(host, port, payload))
    return 0


if __name__ == "__main__":
    sys.exit(main())
