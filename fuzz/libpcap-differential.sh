#!/usr/bin/env bash
# The libpcap differential in full (issue 16): VARIANTS damaged variants of the sample captures, each read by libpcap
# (tcpdump -r VARIANT -w OUT) and by the capture reader, compared frame by frame. CI runs 400 of them in the test
# suite; this runs as many as asked (default 10,000) and prints the test's summary line.
#   fuzz/libpcap-differential.sh [VARIANTS]      (KEEP=DIR keeps every variant that disagrees)
set -euo pipefail
cd "$(dirname "$0")/.."
export MPTCP_LIBPCAP_VARIANTS="${1:-10000}"
[ -n "${KEEP:-}" ] && export MPTCP_LIBPCAP_KEEP="$KEEP"
echo "libpcap $(tcpdump --version 2>&1 | grep -o 'libpcap version [0-9.]*'), $MPTCP_LIBPCAP_VARIANTS variants"
dotnet test tests/Mptcp.Codec.Capture.Tests --filter "FullyQualifiedName~LibpcapDifferentialTests" \
  --logger "console;verbosity=detailed" | grep -E "variants of|disagree|^ *variant |Passed!|Failed!"
