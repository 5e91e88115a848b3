#!/usr/bin/env bash
# Make MPTCP v1 captures in which the Linux kernel reinjects data (MPTCP-level
# retransmission on the other subflow) and data arrives out of order at the
# data level.
#
# Run as root:   bash samples/captures/make-loss-captures.sh [SCENARIO...]
#   SCENARIO is one of: loss stall   (default: both).
#   Output goes next to this script (override with OUT_DIR):
#     loss  -> v1-loss-reinject.pcap   20 % random loss on the initial subflow
#     stall -> v1-stall-reinject.pcap  the initial subflow black-holed for 1 s
#                                      after the first echo
#
# Same style as make-kernel-captures.sh: every scenario (and every attempt)
# gets its own fresh network namespace (mptcp-loss-$$-N) with only lo; a trap
# deletes it and stops tcpdump / the server even on failure.
#
# Two subflows: the client connects 127.0.0.1 -> 127.0.0.1:10000 (the initial
# subflow), a "subflow" endpoint 127.0.0.2 makes the kernel join from
# 127.0.0.2 -> 127.0.0.1:10000.  Only the initial subflow is impaired: an
# nftables rule in the namespace drops non-SYN/RST TCP segments with
# ip saddr 127.0.0.1 and ip daddr 127.0.0.1 (both directions of that subflow;
# the join always has 127.0.0.2 at one end).
#
# The rule sits on the INPUT hook, not OUTPUT (HOOK=output to compare).
# tcpdump on lo taps a packet in dev_queue_xmit, after the OUTPUT hook and
# before ip_rcv: a packet dropped at OUTPUT is not in the capture, one
# dropped at INPUT is.  So the capture holds the lost originals, their TCP
# retransmissions and the MPTCP reinjections.  Also, TCP always builds GSO
# packets; they are cut to MSS size only after OUTPUT (lo has GSO off), so an
# OUTPUT rule would drop whole bursts of up to 64 KB at a time, while at INPUT
# every wire-sized segment is matched on its own.  The rule has a counter;
# the script prints it.
#
# lo gets MTU 1500 and GSO/TSO/GRO off, so segments have normal size (1420
# or 1424 bytes of payload).  Packets are captured whole (SNAPLEN=0, about
# 0.8 MB per capture) so that copies of the same data can be compared.  The
# client sends MESSAGES (3) messages of 100,000 ASCII bytes (records
# "M<n>@<12-digit offset>|", 16 bytes each, so every byte tells its
# position), reads each echo back and compares it byte for byte; the server
# must report exactly MESSAGES x 100,000 echoed bytes.
#
# The kernel's MPTCP counters (nstat, per namespace) are printed as deltas.
# A run is kept only if MPTcpExtMPTCPRetrans > 0 and, when tshark is
# installed, check-loss-capture.py finds both directions reassembled intact
# and some data carried on both subflows (the kernel may also reinject on the
# same subflow, which tshark never marks); otherwise it is thrown away and
# retried, up to ATTEMPTS (3) times.  The capture is written to a work
# directory and moved next to the script only when a run is kept.
#
# Needs: iproute2 (ip mptcp), nftables (nft), ethtool, tcpdump, nstat,
# python3, a kernel with MPTCP and nf_tables.  Debian: apt-get install -y
# nftables ethtool.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=${OUT_DIR:-$HERE}
PEER=(python3 "$HERE/mptcp_peer.py")
PORT=10000
LOSS_PCT=${LOSS_PCT:-20}     # loss scenario: % of initial-subflow segments dropped
STALL_SECS=${STALL_SECS:-1}  # stall scenario: how long the initial subflow is black-holed
MESSAGES=${MESSAGES:-3}      # messages of 100,000 bytes each, echoed
SNAPLEN=${SNAPLEN:-0}        # 0 = whole packets (payloads kept, so copies can be compared)
ATTEMPTS=${ATTEMPTS:-3}
HOOK=${HOOK:-input}          # netfilter hook of the drop rule; "output" keeps the drops out of the capture
SEQ=0
NS=""
TCPDUMP_PID=""
SERVER_PID=""
WORK=$(mktemp -d)

# cleanup, the traps, the root check, capture_start FILE, capture_stop
. "$HERE/capture-lib.sh"
[[ $HOOK == input || $HOOK == output ]] || { echo "HOOK must be input or output" >&2; exit 2; }
for tool in ip nft ethtool tcpdump nstat python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool (Debian: apt-get install -y nftables ethtool)" >&2; exit 1; }
done

# The payload: message N is 6,250 records "M<N>@<offset, 12 digits>|".
make_message() {
    python3 -c 'import sys; n = int(sys.argv[1]); sys.stdout.write("".join("M%d@%012d|" % (n, o) for o in range(0, 100000, 16)))' "$1"
}
MSG_ARGS=()
for i in $(seq "$MESSAGES"); do
    MSG_ARGS+=(--message "$(make_message "$i")")
done
SENT_BYTES=$((MESSAGES * 100000))

nsx() { ip netns exec "$NS" "$@"; }

# ns_setup: fresh namespace, lo up with MTU 1500 and no segmentation
# offloads, 127.0.0.2 on lo, MPTCP on (no checksums), subflow endpoint
# 127.0.0.2, and an empty nftables chain "inet mptcp_loss in" on $HOOK.
ns_setup() {
    SEQ=$((SEQ + 1))
    NS="mptcp-loss-$$-$SEQ"
    ip netns add "$NS"
    ip -n "$NS" link set lo mtu 1500
    ip -n "$NS" link set lo up
    nsx ethtool -K lo gso off tso off gro off
    ip -n "$NS" addr add 127.0.0.2/8 dev lo
    nsx sysctl -q -w net.mptcp.enabled=1 net.mptcp.checksum_enabled=0
    ip -n "$NS" mptcp limits set subflows 4 add_addr_accepted 4
    nsx ip mptcp endpoint add 127.0.0.2 id 2 dev lo subflow
    nsx nft add table inet mptcp_loss
    nsx nft add chain inet mptcp_loss in "{ type filter hook $HOOK priority 0; policy accept; }"
}

# The match for the initial subflow's segments (both directions), SYN/RST spared.
INITIAL_PATH='ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp flags & (syn | rst) == 0'

nstat_snap() {
    nsx nstat -asz 'MPTcpExt*' TcpRetransSegs TcpExtTCPLossProbes TcpExtTCPTimeouts >"$1"
}

# nstat_delta BEFORE AFTER: print counters that changed, and set RETRANS.
nstat_delta() {
    awk 'NR == FNR { if ($1 !~ /^#/) b[$1] = $2; next }
         $1 !~ /^#/ { d = $2 - b[$1]; if (d) printf "  %-32s %d\n", $1, d }' "$1" "$2"
    RETRANS=$(awk '$1 == "MPTcpExtMPTCPRetrans" { print $2 }' "$2")
    RETRANS=$((RETRANS - $(awk '$1 == "MPTcpExtMPTCPRetrans" { print $2 }' "$1")))
}



server_wait() {
    local rc=0
    wait "$SERVER_PID" || rc=$?
    SERVER_PID=""
    return "$rc"
}

ns_done() {
    ip netns del "$NS"
    NS=""
}

# run_client EXTRA_ARGS...: the bulk echo; fails unless every echo matched and
# the server echoed exactly SENT_BYTES.
run_client() {
    local rc=0
    nsx "${PEER[@]}" client --family 4 --connect 127.0.0.1 --port "$PORT" \
        --settle 1.0 --gap 0.3 --tail 0.5 --timeout 60 "${MSG_ARGS[@]}" "$@" \
        2>"$WORK/client.log" || rc=$?
    server_wait || rc=$?
    # the client logs every message in full; show only the verdicts
    sed -E "s/sent b'(.{16})[^']*', got back .* \((ok|MISMATCH)\)$/sent b'\1...' (100000 bytes), echo \2/" "$WORK/client.log"
    grep -v "echo b'" "$WORK/server.log" || true
    local ok
    ok=$(grep -c '(ok)$' "$WORK/client.log" || true)
    if ((rc != 0 || ok != MESSAGES)) || ! grep -q "echoed $SENT_BYTES bytes" "$WORK/server.log"; then
        echo "echo check FAILED (rc=$rc, $ok of $MESSAGES messages ok)" >&2
        return 1
    fi
    echo "echo check: $MESSAGES x 100000 bytes sent, echoed and compared byte for byte: ok"
}

# stall_window_count PCAP: how many initial-subflow packets (as the rule
# matches them) the capture holds while the black-hole rule was in place; with
# HOOK=input this equals the rule's counter, with HOOK=output it is 0.
stall_window_count() {
    local ts
    mapfile -t ts <"$WORK/stall.t"
    ((${#ts[@]} == 4)) || { echo "  (stall times missing)"; return 0; }
    tcpdump -r "$1" -n -tt 'src host 127.0.0.1 and dst host 127.0.0.1 and tcp[tcpflags] & (tcp-syn|tcp-rst) == 0' 2>/dev/null |
        awk -v a0="${ts[0]}" -v a1="${ts[1]}" -v f0="${ts[2]}" -v f1="${ts[3]}" '
            $1 >= a1 && $1 <= f0 { inner++ }
            $1 >= a0 && $1 <= f1 { outer++ }
            END { printf "  capture: %d initial-subflow packets while the rule was in place (%d counting the nft run times)\n", inner, outer }'
}

# cross_subflow_check PCAP: with tshark installed, check-loss-capture.py must
# find the data reassembled intact in both directions and some data carried on
# both subflows (MPTcpExtMPTCPRetrans also counts reinjections on the same
# subflow, which tshark never marks).  Without tshark the check is skipped.
cross_subflow_check() {
    if ! command -v tshark >/dev/null; then
        echo "(tshark not installed: capture not checked)"
        return 0
    fi
    echo "check-loss-capture.py:"
    python3 "$HERE/check-loss-capture.py" --require-reinjection --pairs 2 "$1" | sed 's/^/  /'
}

# run_scenario NAME FILE SETUP_FN CLIENT_ARGS...
run_scenario() {
    local name=$1 file=$2 setup=$3
    shift 3
    local attempt
    for attempt in $(seq "$ATTEMPTS"); do
        echo "== $name: $file (attempt $attempt of $ATTEMPTS)"
        rm -f "$WORK/stall.nft" "$WORK/stall.t"
        ns_setup
        "$setup"
        nsx ip mptcp endpoint show
        nstat_snap "$WORK/nstat.before"
        # capture into the work directory; the file next to the script is
        # replaced only by a run that passed and showed reinjections
        capture_start "$WORK/capture.pcap"
        server_start 4 0.0.0.0 "$WORK/server.log"
        run_client "$@"
        capture_stop
        nstat_snap "$WORK/nstat.after"
        echo "nft rule (initial path):"
        if [[ -s "$WORK/stall.nft" ]]; then
            grep counter "$WORK/stall.nft"
            stall_window_count "$WORK/capture.pcap"
        else
            nsx nft list chain inet mptcp_loss in | grep counter
        fi
        echo "nstat deltas:"
        nstat_delta "$WORK/nstat.before" "$WORK/nstat.after"
        ns_done
        if ((RETRANS > 0)) && cross_subflow_check "$WORK/capture.pcap"; then
            mv -f "$WORK/capture.pcap" "$file"
            echo "$name: MPTcpExtMPTCPRetrans = $RETRANS reinjections, kept $file ($(stat -c %s "$file") bytes)"
            return 0
        fi
        echo "$name: MPTcpExtMPTCPRetrans = $RETRANS, no usable reinjection, retrying" >&2
    done
    echo "$name: no reinjection in $ATTEMPTS attempts" >&2
    return 1
}

# --- scenarios --------------------------------------------------------------

# 1. Random loss: LOSS_PCT % of the initial subflow's segments (after the
#    handshake, both directions) are dropped for the whole connection.
setup_loss() {
    nsx nft add rule inet mptcp_loss in "$INITIAL_PATH" numgen random mod 100 '<' "$LOSS_PCT" counter drop
}
scenario_loss() {
    run_scenario loss "$OUT_DIR/v1-loss-reinject.pcap" setup_loss
}

# 2. Stall: after the first echo the client adds a drop-everything rule for
#    the initial subflow and, in the background, flushes it STALL_SECS later.
#    Message 2 is sent into the black hole (on the scheduler's share of the
#    initial subflow) and must be reinjected on the join.
setup_stall() { :; }
scenario_stall() {
    # $WORK/stall.t gets four wall-clock times: before and after the rule is
    # added, before and after it is flushed (to count the captured packets of
    # the black hole, see stall_window_count)
    local t='date +%s.%N >>'"$WORK/stall.t"
    run_scenario stall "$OUT_DIR/v1-stall-reinject.pcap" setup_stall \
        --after 1 "$t; nft add rule inet mptcp_loss in '$INITIAL_PATH counter drop' && $t && (sleep $STALL_SECS; nft list chain inet mptcp_loss in >$WORK/stall.nft; $t; nft flush chain inet mptcp_loss in; $t) >/dev/null 2>&1 &"
}

ALL=(loss stall)
(($# == 0)) && set -- "${ALL[@]}"
for s in "$@"; do
    case $s in
        loss) scenario_loss ;;
        stall) scenario_stall ;;
        *) echo "unknown scenario: $s (known: ${ALL[*]})" >&2; exit 2 ;;
    esac
done
