#!/usr/bin/env bash
# Times `mptcp-dump stats` against `tcpdump -nr` and `tshark -T fields -e tcp.options.mptcp.subtype` on one file
# and prints the ratios. Usage: benchmarks/compare-tools.sh [FILE] (default: a synthesised 2-million-packet trace).
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-}"
if [ -z "$file" ]; then
  file=/tmp/mptcp-compare-2m.pcap
  if [ ! -f "$file" ]; then
    dotnet run -c Release --project cli -- synth "$file" --connections 1000 --packets 2000000 --checksum --seed 1
  fi
fi
for tool in tcpdump tshark; do
  command -v "$tool" >/dev/null || { echo "compare-tools: $tool is missing (apt-get install -y tcpdump tshark)" >&2; exit 2; }
done
dotnet build -c Release cli -v q -nologo >/dev/null
dump=(dotnet cli/bin/Release/net10.0/mptcp-dump.dll stats "$file")

# Best of three wall-clock runs, output discarded; the page cache is warm after the first run.
best() {
  local best=""
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    best=$(echo "$start $end $best" | awk '{ t = $2 - $1; if ($3 == "" || t < $3) print t; else print $3 }')
  done
  echo "$best"
}

packets=$(capinfos -c -M "$file" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/ /, "", $2); print $2 }')
size=$(stat -c %s "$file")
ours=$(best "${dump[@]}")
tcpdump_time=$(best tcpdump -nr "$file")
tshark_time=$(best tshark -r "$file" -T fields -e tcp.options.mptcp.subtype)
awk -v f="$file" -v p="$packets" -v s="$size" -v o="$ours" -v d="$tcpdump_time" -v t="$tshark_time" 'BEGIN {
  printf "file %s: %s packets, %.1f MB\n", f, p, s / 1e6
  printf "mptcp-dump stats  %8.2f s  %10.0f packets/s  %7.1f MB/s\n", o, p / o, s / 1e6 / o
  printf "tcpdump -nr       %8.2f s  %10.0f packets/s   ratio %.1fx\n", d, p / d, d / o
  printf "tshark -T fields  %8.2f s  %10.0f packets/s   ratio %.1fx\n", t, p / t, t / o
}'
