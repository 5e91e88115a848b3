#!/usr/bin/env bash
# Make small MPTCP v1 captures with the running Linux kernel.
#
# Run as root:   bash samples/captures/make-kernel-captures.sh [SCENARIO...]
#   SCENARIO is one of: csum nocsum ipv6 addaddr-port prio-remove fastclose
#   (default: all).  Output goes next to this script (override with OUT_DIR).
#
# Every scenario gets its own fresh network namespace (mptcp-cap-$$-N) with
# only the loopback interface; all traffic stays on lo, between 127.0.0.0/8
# addresses or ::1.  Client and server run in the same namespace, so they
# share one MPTCP path-manager configuration (endpoints, limits).  A trap
# deletes the namespace and stops tcpdump / the server even on failure.
#
# Needs: iproute2 (ip mptcp), tcpdump, python3, a kernel with MPTCP.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=${OUT_DIR:-$HERE}
PEER=(python3 "$HERE/mptcp_peer.py")
PORT=10000
SEQ=0
NS=""
TCPDUMP_PID=""
SERVER_PID=""
WORK=$(mktemp -d)

# cleanup, the traps, the root check, capture_start FILE, capture_stop
. "$HERE/capture-lib.sh"

# ns_setup CSUM: fresh namespace with lo up, extra 127/8 addresses, MPTCP on.
ns_setup() {
    local csum=$1
    SEQ=$((SEQ + 1))
    NS="mptcp-cap-$$-$SEQ"
    ip netns add "$NS"
    ip -n "$NS" link set lo up
    ip -n "$NS" addr add 127.0.0.2/8 dev lo
    ip -n "$NS" addr add 127.0.0.3/8 dev lo
    ip netns exec "$NS" sysctl -q -w net.mptcp.enabled=1 "net.mptcp.checksum_enabled=$csum"
    ip -n "$NS" mptcp limits set subflows 4 add_addr_accepted 4
}

nsx() { ip netns exec "$NS" "$@"; }



# The usual exchange: an IPv4 server, a client that sends two messages and reads their echo, then the capture stops.
echo_two_messages() {
    server_start 4 0.0.0.0
    nsx "${PEER[@]}" client --family 4 --connect 127.0.0.1 --port "$PORT" --settle 1.0 \
        --message "hello from client 1" --message "hello from client 2"
    server_wait
    capture_stop
}

server_wait() {
    wait "$SERVER_PID"
    SERVER_PID=""
}

ns_done() {
    ip netns del "$NS"
    NS=""
}

# --- scenarios --------------------------------------------------------------

# 1. checksum on, IPv4: server-side signalled address (ADD_ADDR 127.0.0.2) and
#    a client-side extra subflow from 127.0.0.3 (MP_JOIN).
scenario_csum() {
    local f="$OUT_DIR/v1-csum-ipv4.pcap"
    echo "== v1-csum-ipv4: $f"
    ns_setup 1
    nsx ip mptcp endpoint add 127.0.0.2 id 2 dev lo signal
    nsx ip mptcp endpoint add 127.0.0.3 id 3 dev lo subflow
    nsx ip mptcp endpoint show
    capture_start "$f"
    echo_two_messages
    ns_done
}

# 2. checksum off, IPv4, one extra subflow from 127.0.0.2.
scenario_nocsum() {
    local f="$OUT_DIR/v1-nocsum-ipv4.pcap"
    echo "== v1-nocsum-ipv4: $f"
    ns_setup 0
    nsx ip mptcp endpoint add 127.0.0.2 id 2 dev lo subflow
    nsx ip mptcp endpoint show
    capture_start "$f"
    echo_two_messages
    ns_done
}

# 3. IPv6 on ::1 only (no other address is used), checksum on.  The extra
#    path is ::1 with another port, announced by a signal endpoint with port.
#    The endpoint is added only after the first echo: if it exists when the
#    connection is established, the kernel PM matches it (by address only)
#    to the initial subflow's local address ::1, marks it as used by the
#    MP_CAPABLE subflow and never announces it.
scenario_ipv6() {
    local f="$OUT_DIR/v1-ipv6.pcap"
    echo "== v1-ipv6: $f"
    ns_setup 1
    # An IPv6 ADD_ADDR with port and HMAC is 30 bytes; next to the 12 bytes
    # of the TCP timestamp option it does not fit in the 40-byte option
    # space and the kernel silently never sends it.  Timestamps off.
    nsx sysctl -q -w net.ipv4.tcp_timestamps=0
    capture_start "$f"
    server_start 6 ::1
    nsx "${PEER[@]}" client --family 6 --connect ::1 --port "$PORT" --settle 0.5 --gap 0.5 \
        --message "hello from client 1" --message "hello from client 2" \
        --after 1 "ip mptcp endpoint add ::1 id 6 dev lo signal port 10098 && ip mptcp endpoint show"
    server_wait
    capture_stop
    ns_done
}

# 4. ADD_ADDR with a port: 127.0.0.3 port 10099 is signalled, the client joins it.
scenario_addaddr_port() {
    local f="$OUT_DIR/v1-addaddr-port.pcap"
    echo "== v1-addaddr-port: $f"
    ns_setup 0
    nsx ip mptcp endpoint add 127.0.0.3 id 3 dev lo signal port 10099
    nsx ip mptcp endpoint show
    capture_start "$f"
    echo_two_messages
    ns_done
}

# 5. MP_PRIO and REMOVE_ADDR mid-connection: subflow endpoint 127.0.0.2 (id 2)
#    is switched to backup after the first echo, signalled endpoint 127.0.0.3
#    (id 3) is deleted after the second echo; the connection stays open for a
#    third echo.
scenario_prio_remove() {
    local f="$OUT_DIR/v1-prio-remove.pcap"
    echo "== v1-prio-remove: $f"
    ns_setup 1
    nsx ip mptcp endpoint add 127.0.0.2 id 2 dev lo subflow
    nsx ip mptcp endpoint add 127.0.0.3 id 3 dev lo signal
    nsx ip mptcp endpoint show
    capture_start "$f"
    server_start 4 0.0.0.0
    nsx "${PEER[@]}" client --family 4 --connect 127.0.0.1 --port "$PORT" --settle 1.0 --gap 0.5 \
        --message "hello from client 1" --message "hello from client 2" --message "hello from client 3" \
        --after 1 "ip mptcp endpoint change id 2 backup" \
        --after 2 "ip mptcp endpoint delete id 3"
    server_wait
    capture_stop
    ns_done
}

# 6. Abortive close: SO_LINGER {1,0} + close() -> MP_FASTCLOSE (+ MP_TCPRST).
scenario_fastclose() {
    local f="$OUT_DIR/v1-fastclose.pcap"
    echo "== v1-fastclose: $f"
    ns_setup 0
    nsx ip mptcp endpoint add 127.0.0.2 id 2 dev lo subflow
    nsx ip mptcp endpoint show
    capture_start "$f"
    server_start 4 0.0.0.0
    nsx "${PEER[@]}" client --family 4 --connect 127.0.0.1 --port "$PORT" --settle 1.0 \
        --message "hello from client 1" --linger0
    server_wait
    capture_stop
    ns_done
}

# 7. checksum on, one subflow, messages of 1,400 to 60,000 octets: DSS checksums over long payloads, test vectors
#    for the vectorised checksum (InternetChecksumTests) computed by the kernel.
scenario_csum_bulk() {
    local f="$OUT_DIR/v1-csum-bulk.pcap"
    echo "== v1-csum-bulk: $f"
    ns_setup 1
    capture_start "$f"
    server_start 4 0.0.0.0
    nsx "${PEER[@]}" client --family 4 --connect 127.0.0.1 --port "$PORT" --settle 0.5 \
        --message "$(bulk 1400 a)" --message "$(bulk 4097 b)" --message "$(bulk 60000 c)"
    server_wait
    capture_stop
    ns_done
}

# bulk N C: N octets of text, C and the digits of the position (so that the payload is not one repeated word).
bulk() { seq -f "$2%08g" 1 $((($1 + 8) / 9)) | tr -d '\n' | head -c "$1"; }

ALL=(csum nocsum ipv6 addaddr-port prio-remove fastclose csum-bulk)
(($# == 0)) && set -- "${ALL[@]}"
for s in "$@"; do
    case $s in
        csum) scenario_csum ;;
        nocsum) scenario_nocsum ;;
        ipv6) scenario_ipv6 ;;
        addaddr-port) scenario_addaddr_port ;;
        prio-remove) scenario_prio_remove ;;
        fastclose) scenario_fastclose ;;
        csum-bulk) scenario_csum_bulk ;;
        *) echo "unknown scenario: $s (known: ${ALL[*]})" >&2; exit 2 ;;
    esac
done
