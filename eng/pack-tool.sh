#!/usr/bin/env bash
# Packs the .NET tool mptcp-dump into artifacts/tool (or $1): the package `dotnet tool install` asks for, which points
# to one package per platform; for linux-x64 a Native AOT build (a native program: ~5 ms to start instead of ~90 ms,
# and no JIT, benchmarks/RESULTS.md "Start-up"), and `any`, the portable JIT-compiled one, for every other platform.
# Native AOT links with clang (Debian: apt-get install -y clang); without it the linux-x64 package is the ReadyToRun one.
#   eng/pack-tool.sh [OUT]   then   dotnet tool install --global --add-source OUT mptcp-dump
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/tool}"
mkdir -p "$out"
# The pointer package, `any`, and linux-x64 with ReadyToRun code.
dotnet pack cli -c Release -o "$out" -nologo -v quiet
if command -v clang >/dev/null; then
  # The same linux-x64 package name, now holding the Native AOT program.
  dotnet pack cli -c Release -r linux-x64 -p:MptcpAot=true -o "$out" -nologo -v quiet
  echo "pack-tool: $out: linux-x64 is Native AOT"
else
  echo "pack-tool: clang not found: $out: linux-x64 is ReadyToRun (apt-get install -y clang for Native AOT)" >&2
fi
ls "$out"/mptcp-dump*.nupkg
