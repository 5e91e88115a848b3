# Shared by make-kernel-captures.sh and make-loss-captures.sh (sourced, not run, once NS, WORK, SERVER_PID and
# TCPDUMP_PID are set): a cleanup that always stops the peers and tcpdump and deletes the namespace, the root check,
# the echo server, and tcpdump on lo of the namespace $NS, with its messages in $WORK/tcpdump.err. SNAPLEN (default 0: whole packets)
# sets its snap length.

cleanup() {
    local rc=$?
    [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
    [[ -n "$TCPDUMP_PID" ]] && { kill "$TCPDUMP_PID" 2>/dev/null; wait "$TCPDUMP_PID" 2>/dev/null; } || true
    [[ -n "$NS" ]] && ip netns del "$NS" 2>/dev/null || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ $(id -u) -ne 0 ]]; then
    echo "run as root" >&2
    exit 1
fi

# capture_start FILE
capture_start() {
    local file=$1
    rm -f "$file"
    # Not through a function: a backgrounded function runs in a subshell, and $! would be that subshell, not
    # tcpdump. "ip netns exec" execs tcpdump in place, so $! is tcpdump's own pid. -B: a kernel buffer large enough
    # for a burst of full-size segments.
    ip netns exec "$NS" tcpdump -i lo -s "${SNAPLEN:-0}" -B 8192 -U --immediate-mode -Z root -w "$file" 2>"$WORK/tcpdump.err" &
    TCPDUMP_PID=$!
    for _ in $(seq 50); do
        grep -q "listening on" "$WORK/tcpdump.err" 2>/dev/null && return 0
        sleep 0.1
    done
    echo "tcpdump did not start:" >&2
    cat "$WORK/tcpdump.err" >&2
    return 1
}

# server_start FAMILY BIND [LOG]: the MPTCP echo server in the namespace ($PEER, $PORT), its stderr to LOG when
# given; waits until it says it is ready.
server_start() {
    rm -f "$WORK/ready"
    ip netns exec "$NS" "${PEER[@]}" server --family "$1" --bind "$2" --port "$PORT" --ready-file "$WORK/ready" 2>"${3:-/dev/stderr}" &
    SERVER_PID=$!
    for _ in $(seq 50); do
        [[ -f "$WORK/ready" ]] && return 0
        sleep 0.1
    done
    echo "server did not start" >&2
    return 1
}

# capture_stop: prints tcpdump's "captured" and "dropped by kernel" lines.
capture_stop() {
    # let the last FIN/ACKs (and any retransmitted ADD_ADDR) hit the wire
    sleep 1.5
    # SIGTERM, not SIGINT: a non-interactive bash starts background jobs with SIGINT ignored. tcpdump flushes and
    # closes the file on SIGTERM.
    kill -TERM "$TCPDUMP_PID"
    wait "$TCPDUMP_PID" || true
    TCPDUMP_PID=""
    sed -n '/captured\|dropped by kernel/p' "$WORK/tcpdump.err"
}
