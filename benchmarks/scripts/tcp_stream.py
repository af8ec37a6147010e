#!/usr/bin/env python3
"""One TCP bulk transfer for tcp-lossy-path.sh: `sink` counts what arrives, `source` sends as fast as TCP allows;
both stop after warm-up plus measurement. The sink prints the bytes received during the measurement."""
import argparse
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["sink", "source"])
    ap.add_argument("--addr", required=True)
    ap.add_argument("--port", type=int, default=5201)
    ap.add_argument("--cc", default="cubic")
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--measure", type=float, default=20)
    args = ap.parse_args()
    total = args.warmup + args.measure
    if args.mode == "sink":
        srv = socket.socket()
        srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        srv.bind((args.addr, args.port))
        srv.listen(1)
        srv.settimeout(30)
        conn, _ = srv.accept()
        conn.settimeout(5)
        start = time.monotonic()
        received = 0
        mark = None
        while True:
            now = time.monotonic()
            if mark is None and now - start >= args.warmup:
                mark = received
            if now - start >= total:
                break
            try:
                data = conn.recv(1 << 16)
            except socket.timeout:
                continue
            if not data:
                break
            received += len(data)
        measured = received - (mark or 0)
        print("tcp %s: %d bytes in %.0f s: %.1f kB/s (%.2f Mbit/s)" % (args.cc, measured, args.measure,
              measured / args.measure / 1e3, measured * 8 / args.measure / 1e6), flush=True)
        conn.close()
    else:
        s = socket.socket()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, args.cc.encode())
        s.connect((args.addr, args.port))
        used = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_CONGESTION, 16).rstrip(b"\0").decode()
        print("source: congestion control %s, MSS %d" % (used, s.getsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG)), flush=True)
        chunk = b"\x5a" * (1 << 16)
        end = time.monotonic() + total + 1
        s.settimeout(1)
        while time.monotonic() < end:
            try:
                s.send(chunk)
            except socket.timeout:
                continue
            except (BrokenPipeError, ConnectionResetError):
                break
        s.close()


if __name__ == "__main__":
    sys.exit(main())
