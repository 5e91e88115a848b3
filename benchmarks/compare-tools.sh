#!/usr/bin/env bash
# Times the commands people run (issue 17) against tcpdump -nr on the same file, in one run, alternating (ours,
# tcpdump, ours, tcpdump, …) so that the machine's noise falls on both, and prints each command's best time and its
# ratio to tcpdump's best. With TSHARK=1, tshark's like-for-like modes too (-T ek for read --format json, -T fields for
# stats); they are slow on millions of packets.
#   benchmarks/compare-tools.sh [FILE] [RUNS]     (default: the synthesised 2-million-packet trace of RESULTS.md, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-}"
runs="${2:-3}"
if [ -z "$file" ]; then
  file=/tmp/mptcp-compare-2m.pcap
  if [ ! -f "$file" ]; then
    dotnet run -c Release --project cli -- synth "$file" --connections 1000 --packets 2000000 --checksum --seed 1
  fi
fi
for tool in tcpdump capinfos; do
  command -v "$tool" >/dev/null || { echo "compare-tools: $tool is missing (apt-get install -y tcpdump tshark)" >&2; exit 2; }
done
dotnet build -c Release cli -v q -nologo >/dev/null
dump=(dotnet cli/bin/Release/net10.0/mptcp-dump.dll)

# One wall-clock run, output discarded (the page cache is warm after the first).
seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }'
}

declare -A cmd best
names=("read" "read --verify" "read --format json" "summary" "stats")
cmd["read"]="read $file"
cmd["read --verify"]="read $file --verify"
cmd["read --format json"]="read $file --format json"
cmd["summary"]="summary $file"
cmd["stats"]="stats $file"
min() { awk -v a="${1:-}" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

for _ in $(seq "$runs"); do
  for name in "${names[@]}"; do
    # shellcheck disable=SC2086
    best[$name]=$(min "${best[$name]:-}" "$(seconds "${dump[@]}" ${cmd[$name]})")
    best[tcpdump]=$(min "${best[tcpdump]:-}" "$(seconds tcpdump -nr "$file")")
  done
  if [ "${TSHARK:-0}" = 1 ]; then
    best[tshark-ek]=$(min "${best[tshark-ek]:-}" "$(seconds tshark -r "$file" -T ek)")
    best[tshark-fields]=$(min "${best[tshark-fields]:-}" "$(seconds tshark -r "$file" -T fields -e tcp.options.mptcp.subtype)")
  fi
done

packets=$(capinfos -c -M "$file" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/ /, "", $2); print $2 }')
printf "file %s: %s packets, %.1f MB; best of %s runs, alternating with tcpdump -nr\n" "$file" "$packets" "$(stat -c %s "$file" | awk '{ print $1 / 1e6 }')" "$runs"
printf "%-32s %8.2f s\n" "tcpdump -nr" "${best[tcpdump]}"
for name in "${names[@]}"; do
  printf "%-32s %8.2f s  %6.1fx tcpdump\n" "mptcp-dump $name" "${best[$name]}" "$(awk -v t="${best[tcpdump]}" -v o="${best[$name]}" 'BEGIN { print t / o }')"
done
if [ "${TSHARK:-0}" = 1 ]; then
  printf "%-32s %8.2f s  (read --format json: %.1fx faster)\n" "tshark -T ek" "${best[tshark-ek]}" "$(awk -v t="${best[tshark-ek]}" -v o="${best[read --format json]}" 'BEGIN { print t / o }')"
  printf "%-32s %8.2f s  (stats: %.1fx faster)\n" "tshark -T fields" "${best[tshark-fields]}" "$(awk -v t="${best[tshark-fields]}" -v o="${best[stats]}" 'BEGIN { print t / o }')"
fi
