#!/usr/bin/env bash
# Runs one live test again and again, to measure how often it fails: bounded by RUNS and SECONDS, it stops at the
# first failure. A failed run keeps its namespace's work folder (capture, payloads, received bytes, transcripts); the
# test's output, kept in OUT/run-N.log, names it.
#   tests/Mptcp.Codec.Live.Tests/repeat.sh TEST_NAME RUNS SECONDS [OUT]     (as root, after ./test.sh built the tests)
set -euo pipefail
if [[ $# -lt 3 || ! $2 =~ ^[0-9]+$ || ! $3 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 TEST_NAME RUNS SECONDS [OUT]" >&2
  exit 2
fi
cd "$(dirname "$0")/../.."
name=$1 runs=$2 seconds=$3 out=${4:-$(mktemp -d)}
mkdir -p "$out"
end=$((SECONDS + seconds))
passed=0
for ((run = 1; run <= runs && SECONDS < end; run++)); do
  if dotnet test tests/Mptcp.Codec.Live.Tests --no-build --filter "FullyQualifiedName~$name" --logger "console;verbosity=detailed" >"$out/run-$run.log" 2>&1; then
    passed=$((passed + 1))
    rm -f "$out/run-$run.log"
  else
    echo "repeat: run $run of $name failed: $out/run-$run.log"
    grep -m1 "FAILED after" "$out/run-$run.log" || true
    echo "repeat: $passed passed, 1 failed"
    exit 1
  fi
done
echo "repeat: $passed passed, 0 failed ($name, $((SECONDS)) s)"
