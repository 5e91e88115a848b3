#!/usr/bin/env bash
# The custom mutator as a libFuzzer user takes it: Mptcp.Codec.Fuzzing published as a native shared library (Native
# AOT, which links with clang), a libFuzzer target linked with it, a bounded run; then a check that libFuzzer found the
# mutator and that its inputs were MPTCP options of several subtypes.
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish ../../fuzzing -c Release -r linux-x64 -p:MptcpNativeLib=true -o "$out/lib" -v quiet -nologo >/dev/null
clang -fsanitize=fuzzer -O1 harness.c "$out/lib/Mptcp.Codec.Fuzzing.so" -Wl,-rpath,"$out/lib" -o "$out/harness"
"$out/harness" -runs=5000 -seed=7 >"$out/log" 2>&1 || { cat "$out/log" >&2; exit 1; }
grep -q "found LLVMFuzzerCustomMutator" "$out/log" || { echo "fuzzing-libfuzzer: libFuzzer did not find the SDK's custom mutator" >&2; cat "$out/log" >&2; exit 1; }
line=$(grep '^harness:' "$out/log")
echo "$line"
# At least five subtypes reached: the mutator makes MPTCP options, not random octets.
reached=$(echo "$line" | grep -o ' [0-9]*=[1-9][0-9]*' | wc -l)
[ "$reached" -ge 5 ] || { echo "fuzzing-libfuzzer: only $reached subtypes reached" >&2; exit 1; }
echo "fuzzing-libfuzzer: libFuzzer ran with the SDK's custom mutator; $reached subtypes reached"
