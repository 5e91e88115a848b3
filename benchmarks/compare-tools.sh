#!/usr/bin/env bash
# Times the commands people run (issue 17) against tcpdump -nr on the same file, in one run, alternating (ours,
# tcpdump, ours, tcpdump, …) so that the machine's noise falls on both, and prints each command's best time and its
# ratio to tcpdump's best. With TSHARK=1, tshark's like-for-like modes too (-T ek for read --format json, -T fields for
# stats); they are slow on millions of packets.
#   benchmarks/compare-tools.sh [FILE] [RUNS]
# Without FILE: both files of RESULTS.md, made when missing: the synthesised 2-million-packet trace
# (synth --connections 1000 --packets 2000000 --checksum --seed 1) and 2,000,000 packets of repeated kernel traffic
# (make-kernel-like.py). mptcp-dump is the tool as eng/pack-tool.sh packs it for linux-x64: Native AOT when clang is
# there (DUMP=jit for the portable build).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${2:-3}"
for tool in tcpdump capinfos; do
  command -v "$tool" >/dev/null || { echo "compare-tools: $tool is missing (apt-get install -y tcpdump tshark)" >&2; exit 2; }
done
if [ "${DUMP:-aot}" = aot ] && command -v clang >/dev/null; then
  dotnet publish cli -c Release -r linux-x64 -p:MptcpAot=true -o artifacts/compare-aot -nologo -v quiet >/dev/null
  dump=(artifacts/compare-aot/mptcp-dump)
else
  dotnet build -c Release cli -v q -nologo >/dev/null
  dump=(dotnet cli/bin/Release/net10.0/mptcp-dump.dll)
fi
if [ -n "${1:-}" ]; then
  files=("$1")
else
  files=(/tmp/mptcp-compare-2m.pcap /tmp/mptcp-compare-kernel-2m.pcap)
  [ -f "${files[0]}" ] || dotnet run -c Release --project cli -- synth "${files[0]}" --connections 1000 --packets 2000000 --checksum --seed 1
  [ -f "${files[1]}" ] || python3 benchmarks/make-kernel-like.py 2000000 "${files[1]}"
fi
echo "mptcp-dump: ${dump[*]}"

# One run, output discarded (the page cache is warm after the first): prints "SECONDS PEAK_KB", wall clock and the
# process's peak resident memory, as /usr/bin/time measures them.
seconds() {
  /usr/bin/time -f "%e %M" -o /tmp/compare-tools.time "$@" >/dev/null 2>&1 || true
  tail -1 /tmp/compare-tools.time
}

min() { awk -v a="${1:-}" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
max() { awk -v a="${1:-0}" -v b="$2" 'BEGIN { print (b > a) ? b : a }'; }

compare() {
  local file=$1
  cat "$file" >/dev/null # into the page cache: every command then reads it from memory
  declare -A cmd best
  names=("read" "read --verify" "read --format json" "summary" "stats")
  cmd["read"]="read $file"
  cmd["read --verify"]="read $file --verify"
  cmd["read --format json"]="read $file --format json"
  cmd["summary"]="summary $file"
  cmd["stats"]="stats $file"
  declare -A memory

  for _ in $(seq "$runs"); do
    for name in "${names[@]}"; do
      # shellcheck disable=SC2086
      read -r t kb < <(seconds "${dump[@]}" ${cmd[$name]})
      best[$name]=$(min "${best[$name]:-}" "$t")
      memory[$name]=$(max "${memory[$name]:-}" "$kb")
      best[tcpdump]=$(min "${best[tcpdump]:-}" "$(seconds tcpdump -nr "$file" | cut -d' ' -f1)")
    done
    if [ "${TSHARK:-0}" = 1 ]; then
      best[tshark-ek]=$(min "${best[tshark-ek]:-}" "$(seconds tshark -r "$file" -T ek | cut -d' ' -f1)")
      best[tshark-fields]=$(min "${best[tshark-fields]:-}" "$(seconds tshark -r "$file" -T fields -e tcp.options.mptcp.subtype | cut -d' ' -f1)")
    fi
  done

  packets=$(capinfos -c -M "$file" 2>/dev/null | awk -F: '/Number of packets/ { gsub(/ /, "", $2); print $2 }')
  printf "file %s: %s packets, %.1f MB; best of %s runs, alternating with tcpdump -nr\n" "$file" "$packets" "$(stat -L -c %s "$file" | awk '{ print $1 / 1e6 }')" "$runs"
  printf "%-32s %8.2f s\n" "tcpdump -nr" "${best[tcpdump]}"
  for name in "${names[@]}"; do
    printf "%-32s %8.2f s  %6.1fx tcpdump  (peak %s MB)\n" "mptcp-dump $name" "${best[$name]}" "$(awk -v t="${best[tcpdump]}" -v o="${best[$name]}" 'BEGIN { print t / o }')" "$((memory[$name] / 1024))"
  done
  if [ "${TSHARK:-0}" = 1 ]; then
    printf "%-32s %8.2f s  (read --format json: %.1fx faster)\n" "tshark -T ek" "${best[tshark-ek]}" "$(awk -v t="${best[tshark-ek]}" -v o="${best[read --format json]}" 'BEGIN { print t / o }')"
    printf "%-32s %8.2f s  (stats: %.1fx faster)\n" "tshark -T fields" "${best[tshark-fields]}" "$(awk -v t="${best[tshark-fields]}" -v o="${best[stats]}" 'BEGIN { print t / o }')"
  fi
}

for file in "${files[@]}"; do
  compare "$file"
done

# Start-up: the whole process of one decode, best of 20 (date's nanoseconds: /usr/bin/time rounds to 10 ms).
startup=""
for _ in $(seq 20); do
  start=$(date +%s%N)
  "${dump[@]}" decode 1e0c0081a1b2c3d4e5f60718 >/dev/null
  startup=$(min "$startup" "$(( ($(date +%s%N) - start) / 1000 ))")
done
printf "start-up (mptcp-dump decode HEX, whole process): best of 20 %.1f ms\n" "$(awk -v us="$startup" 'BEGIN { print us / 1000 }')"
