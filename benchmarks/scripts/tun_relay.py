#!/usr/bin/env python3
"""A user-space router between two network namespaces: one TUN device in each, IP packets relayed between them
with a one-way delay and seeded random loss per direction (what netem would do, for kernels without sch_netem).

Used by tcp-lossy-path.sh to put Linux TCP through the same kind of path the UdpImpairmentProxy gives jrtc.
Bounded: it exits after --duration seconds and holds at most --max-queued packets.
"""
import argparse
import ctypes
import fcntl
import heapq
import os
import random
import select
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
libc = ctypes.CDLL(None, use_errno=True)


def enter_netns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, "setns " + path + ": " + os.strerror(err))
    finally:
        os.close(fd)


def open_tun(name):
    """Creates TUN device `name` in the current network namespace; the fd keeps working after setns."""
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TUN | IFF_NO_PI))
    return fd


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ns-a", required=True)
    ap.add_argument("--ns-b", required=True)
    ap.add_argument("--tun-a", default="tunA")
    ap.add_argument("--tun-b", default="tunB")
    ap.add_argument("--loss", type=float, default=0.01)
    ap.add_argument("--delay-ms", type=float, default=25.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--max-queued", type=int, default=100000)
    args = ap.parse_args()

    home = "/proc/self/ns/net"
    home_fd = os.open(home, os.O_RDONLY)
    enter_netns("/run/netns/" + args.ns_a)
    fd_a = open_tun(args.tun_a)
    enter_netns("/run/netns/" + args.ns_b)
    fd_b = open_tun(args.tun_b)
    libc.setns(home_fd, CLONE_NEWNET)
    os.close(home_fd)
    print("relay ready", flush=True)

    seeded = random.Random(args.seed)
    rng = {fd_a: random.Random(seeded.getrandbits(64)), fd_b: random.Random(seeded.getrandbits(64))}
    other = {fd_a: fd_b, fd_b: fd_a}
    delay = args.delay_ms / 1000.0
    queue = []  # (due, sequence, out_fd, packet)
    seq = 0
    relayed = lost = overflow = 0
    end = time.monotonic() + args.duration
    while True:
        now = time.monotonic()
        if now >= end:
            break
        while queue and queue[0][0] <= now:
            _, _, out, pkt = heapq.heappop(queue)
            try:
                os.write(out, pkt)
                relayed += 1
            except BlockingIOError:
                overflow += 1
        timeout = min(end - now, (queue[0][0] - now) if queue else 0.1)
        readable, _, _ = select.select([fd_a, fd_b], [], [], max(0.0, timeout))
        now = time.monotonic()
        for fd in readable:
            for _ in range(256):
                try:
                    pkt = os.read(fd, 65536)
                except BlockingIOError:
                    break
                if rng[fd].random() < args.loss:
                    lost += 1
                    continue
                if len(queue) >= args.max_queued:
                    overflow += 1
                    continue
                heapq.heappush(queue, (now + delay, seq, other[fd], pkt))
                seq += 1
    print("relay done: relayed %d, lost %d, overflow %d" % (relayed, lost, overflow), flush=True)


if __name__ == "__main__":
    sys.exit(main())
