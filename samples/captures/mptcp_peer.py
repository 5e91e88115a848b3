#!/usr/bin/env python3
"""Tiny MPTCP echo server / client used by make-kernel-captures.sh.

Stdlib only.  Sockets are opened with IPPROTO_MPTCP (262), so the kernel
speaks MPTCP (RFC 8684, v1) on them.  Meant to run inside a throw-away network
namespace on loopback only (127.0.0.0/8, ::1).

  mptcp_peer.py server --family 4 --bind 0.0.0.0 --port 10000 --ready-file F
      accepts ONE connection, echoes every byte back until the peer closes
      (or resets), then closes.

  mptcp_peer.py client --family 4 --connect 127.0.0.1 --port 10000 \
      --message "hello from client 1" --message "hello from client 2" \
      [--settle 1.0] [--gap 0.5] [--tail 1.0] \
      [--after 1 "ip mptcp endpoint change id 2 backup"] [--linger0]
      connects, waits --settle seconds (time for ADD_ADDR / MP_JOIN), then
      for every message: sends it, reads the echo back and checks it, runs
      the --after commands registered for that message number (1-based),
      sleeps --gap seconds.  Finally sleeps --tail seconds and closes; with
      --linger0 it sets SO_LINGER {1, 0} first so the close is abortive
      (MP_FASTCLOSE).
"""

import argparse
import os
import socket
import struct
import subprocess
import sys
import time

IPPROTO_MPTCP = 262


def log(role, msg):
    sys.stderr.write("[%s %.3f] %s\n" % (role, time.monotonic(), msg))
    sys.stderr.flush()


def family_of(s):
    return socket.AF_INET6 if s == "6" else socket.AF_INET


def mptcp_socket(fam):
    try:
        return socket.socket(fam, socket.SOCK_STREAM, IPPROTO_MPTCP)
    except OSError as e:
        sys.exit("cannot open an MPTCP socket (is net.mptcp.enabled=1?): %s" % e)


def run_server(a):
    fam = family_of(a.family)
    ls = mptcp_socket(fam)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((a.bind, a.port))
    ls.listen(4)
    ls.settimeout(a.timeout)
    if a.ready_file:
        with open(a.ready_file, "w") as f:
            f.write("ready\n")
    log("server", "listening on [%s]:%d" % (a.bind, a.port))
    conn, peer = ls.accept()
    conn.settimeout(a.timeout)
    log("server", "accepted %s" % (peer,))
    total = 0
    try:
        while True:
            data = conn.recv(4096)
            if not data:
                log("server", "peer closed (EOF)")
                break
            log("server", "echo %r" % data)
            conn.sendall(data)
            total += len(data)
    except ConnectionResetError:
        log("server", "connection reset by peer")
    log("server", "echoed %d bytes" % total)
    conn.close()
    ls.close()
    return 0


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError("peer closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf


def run_client(a):
    fam = family_of(a.family)
    after = {}
    for idx, cmd in a.after or []:
        after.setdefault(int(idx), []).append(cmd)
    s = mptcp_socket(fam)
    s.settimeout(a.timeout)
    s.connect((a.connect, a.port))
    log("client", "connected %s -> %s" % (s.getsockname(), s.getpeername()))
    time.sleep(a.settle)
    rc = 0
    for i, msg in enumerate(a.message or [], 1):
        data = msg.encode("ascii")
        s.sendall(data)
        echo = recv_exact(s, len(data))
        ok = echo == data
        log("client", "sent %r, got back %r (%s)" % (data, echo, "ok" if ok else "MISMATCH"))
        if not ok:
            rc = 1
        for cmd in after.get(i, []):
            log("client", "run: %s" % cmd)
            r = subprocess.run(cmd, shell=True)
            if r.returncode:
                log("client", "command failed with %d" % r.returncode)
                rc = 1
        time.sleep(a.gap)
    time.sleep(a.tail)
    if a.linger0:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        log("client", "SO_LINGER {1,0} set, abortive close")
    s.close()
    log("client", "closed")
    return rc


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="role", required=True)
    sp = sub.add_parser("server")
    sp.add_argument("--family", choices=["4", "6"], default="4")
    sp.add_argument("--bind", default="0.0.0.0")
    sp.add_argument("--port", type=int, required=True)
    sp.add_argument("--ready-file")
    sp.add_argument("--timeout", type=float, default=30.0)
    cp = sub.add_parser("client")
    cp.add_argument("--family", choices=["4", "6"], default="4")
    cp.add_argument("--connect", required=True)
    cp.add_argument("--port", type=int, required=True)
    cp.add_argument("--message", action="append")
    cp.add_argument("--settle", type=float, default=1.0)
    cp.add_argument("--gap", type=float, default=0.3)
    cp.add_argument("--tail", type=float, default=0.5)
    cp.add_argument("--after", nargs=2, action="append", metavar=("N", "CMD"))
    cp.add_argument("--linger0", action="store_true")
    cp.add_argument("--timeout", type=float, default=10.0)
    a = p.parse_args()
    return run_server(a) if a.role == "server" else run_client(a)


if __name__ == "__main__":
    sys.exit(main())
