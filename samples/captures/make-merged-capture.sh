#!/usr/bin/env bash
# Makes v1-merged-two-paths.pcap: one MPTCP connection over two veth paths between a client and a server namespace,
# recorded the usual way for a multipath run (one tcpdump per path) and put into one file with `mergecap -a`, path 2
# first. The file is then not in time order: the join SYN of path 2 comes before its connection's MP_CAPABLE
# handshake, as in published captures merged from several interfaces. Run as root; needs iproute2, tcpdump, mergecap.
# Everything (namespaces, tcpdump, the peers) is gone when the script ends, interrupted or not.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/v1-merged-two-paths.pcap}
PEER=(python3 "$HERE/mptcp_peer.py")
PORT=10000
C="mptcp-merge-c-$$" S="mptcp-merge-s-$$"
WORK=$(mktemp -d)
PIDS=()

cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    ip netns del "$C" 2>/dev/null || true
    ip netns del "$S" 2>/dev/null || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[[ $(id -u) -eq 0 ]] || { echo "run as root" >&2; exit 1; }

ip netns add "$C"
ip netns add "$S"
for ns in "$C" "$S"; do
    ip netns exec "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
for i in 1 2; do
    ip -n "$C" link add "c$i" type veth peer name "s$i" netns "$S"
    ip -n "$C" addr add "10.$i.0.1/24" dev "c$i"
    ip -n "$S" addr add "10.$i.0.2/24" dev "s$i"
    ip -n "$C" link set "c$i" up
    ip -n "$S" link set "s$i" up
    # No offloads: tcpdump then sees the segments the kernel sends, not the merged super-segments.
    ip netns exec "$C" ethtool -K "c$i" tso off gso off gro off >/dev/null 2>&1 || true
    ip netns exec "$S" ethtool -K "s$i" tso off gso off gro off >/dev/null 2>&1 || true
done
for ns in "$C" "$S"; do
    ip -n "$ns" link set lo up
    ip netns exec "$ns" sysctl -q -w net.mptcp.enabled=1 net.mptcp.checksum_enabled=0
    ip -n "$ns" mptcp limits set subflows 2 add_addr_accepted 0
done
ip -n "$C" mptcp endpoint add 10.2.0.1 dev c2 id 2 subflow

for i in 1 2; do
    ip netns exec "$C" tcpdump -i "c$i" -s 0 -U --immediate-mode -Z root -w "$WORK/path$i.pcap" 2>"$WORK/tcpdump$i.err" &
    PIDS+=($!)
done
for _ in $(seq 50); do
    grep -q "listening on" "$WORK/tcpdump1.err" 2>/dev/null && grep -q "listening on" "$WORK/tcpdump2.err" 2>/dev/null && break
    sleep 0.1
done

ip netns exec "$S" "${PEER[@]}" server --family 4 --bind 0.0.0.0 --port "$PORT" --ready-file "$WORK/ready" &
PIDS+=($!)
for _ in $(seq 50); do [[ -f "$WORK/ready" ]] && break; sleep 0.1; done
ip netns exec "$C" "${PEER[@]}" client --family 4 --connect 10.1.0.2 --port "$PORT" --settle 1.0 \
    --message "hello over path 1 or 2" --message "and a second message"
sleep 1.5
kill -TERM "${PIDS[0]}" "${PIDS[1]}"
wait "${PIDS[0]}" "${PIDS[1]}" 2>/dev/null || true
mergecap -a -F pcap -w "$OUT" "$WORK/path2.pcap" "$WORK/path1.pcap"
echo "wrote $OUT: $(tcpdump -nr "$OUT" 2>/dev/null | wc -l) packets (path 2's first)"
