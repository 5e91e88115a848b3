#!/usr/bin/env bash
# Kernel finding 1 (docs/kernel-findings.md), with nothing but the kernel, iproute2 and python3's standard library:
# one network namespace, both ends on lo, DSS checksums on, a second subflow from 127.0.0.2; a client writes 4 MiB
# of a fixed pattern in 16 writes over an MPTCP socket, the server writes down what it reads and echoes it. A run
# fails when the server read other octets than were written. Runs RUNS times (default 50) or until one fails, and
# keeps the failing run's capture (if tcpdump is there), files and MPTcpExt counters in the folder it prints.
#   sudo docs/kernel-findings/misplaced-mapping.sh [RUNS]
set -euo pipefail
runs=${1:-50}
ns=mptcp-finding1-$$
work=$(mktemp -d)
cleanup() { ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

cat >"$work/peer.py" <<'PY'
import socket, sys, threading
IPPROTO_MPTCP = 262
SIZE, CHUNKS = 4 << 20, 16
def pattern():
    x, out = 2463534242, bytearray(SIZE)
    for i in range(0, SIZE, 4):
        x ^= (x << 13) & 0xFFFFFFFF; x ^= x >> 17; x ^= (x << 5) & 0xFFFFFFFF
        out[i:i + 4] = x.to_bytes(4, "little")
    return bytes(out)
role, port = sys.argv[1], int(sys.argv[2])
if role == "server":
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind(("0.0.0.0", port)); ls.listen(1)
    print("listening", flush=True)
    c, _ = ls.accept(); got = bytearray()
    while True:
        d = c.recv(65536)
        if not d: break
        got += d; c.sendall(d)
    open(sys.argv[3], "wb").write(got); c.close()
else:
    data = pattern(); s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, IPPROTO_MPTCP)
    s.connect(("127.0.0.1", port)); echo = bytearray()
    def reader():
        while len(echo) < SIZE:
            d = s.recv(65536)
            if not d: break
            echo.extend(d)
    t = threading.Thread(target=reader); t.start()
    for i in range(CHUNKS):
        s.sendall(data[i * SIZE // CHUNKS:(i + 1) * SIZE // CHUNKS])
    t.join(30); s.shutdown(socket.SHUT_WR); s.close()
    open(sys.argv[3], "wb").write(data)
PY

for ((run = 1; run <= runs; run++)); do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add 127.0.0.2/8 dev lo
  ip netns exec "$ns" sysctl -q net.mptcp.enabled=1 net.mptcp.checksum_enabled=1
  ip -n "$ns" mptcp limits set subflows 2 add_addr_accepted 2
  ip -n "$ns" mptcp endpoint add 127.0.0.2 id 2 dev lo subflow
  if command -v tcpdump >/dev/null; then
    ip netns exec "$ns" tcpdump -i lo -s 0 -U -w "$work/run.pcap" tcp port 20080 2>/dev/null &
    sleep 0.5
  fi
  ip netns exec "$ns" python3 "$work/peer.py" server 20080 "$work/server-read.bin" > "$work/server.log" &
  server=$!
  until grep -q listening "$work/server.log" 2>/dev/null; do sleep 0.05; done
  ip netns exec "$ns" python3 "$work/peer.py" client 20080 "$work/sent.bin"
  wait "$server"
  sleep 0.3
  # The kernel's own counters of the run (MPTcpExt names, then values).
  ip netns exec "$ns" grep '^MPTcpExt:' /proc/net/netstat > "$work/mptcpext.txt"
  cleanup
  if ! cmp -s "$work/sent.bin" "$work/server-read.bin"; then
    echo "run $run: the server read other octets than were written ($(uname -r)): $(cmp "$work/sent.bin" "$work/server-read.bin" | head -1)"
    echo "kept in $work"
    trap - EXIT
    exit 1
  fi
done
echo "$runs runs, the server read what was written every time ($(uname -r))"
rm -rf "$work"
