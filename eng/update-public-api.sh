#!/usr/bin/env bash
# Brings each library's PublicAPI.Unshipped.txt up to date with its public surface, from the build's own
# RS0016 (new symbol) and RS0017 (symbol gone) diagnostics: their messages hold the exact API lines. Review the diff.
# (dotnet format's code fix does the same but skips generated code, which is most of Mptcp.Codec's surface.)
set -euo pipefail
cd "$(dirname "$0")/.."
for project in ${MPTCP_API_PROJECTS:-runtime/Mptcp.Codec.Runtime.csproj schema/Mptcp.Codec.csproj format/Mptcp.Codec.Format.csproj packet/Mptcp.Codec.Packets.csproj capture/Mptcp.Codec.Capture.csproj fuzzing/Mptcp.Codec.Fuzzing.csproj peer/Mptcp.Codec.Peer.csproj}; do
  folder=$(dirname "$project")
  for pass in 1 2 3; do   # a project is only analysed once the projects it references build
    log=$(dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false 2>&1 || true)
    added=$(grep -F "[$PWD/$project]" <<<"$log" | grep -oP "RS0016: Symbol '\K.*(?=' is not part of the declared public API)" | sort -u || true)
    removed=$(grep -F "[$PWD/$project]" <<<"$log" | grep -oP "RS0017: Symbol '\K.*(?=' is part of the declared API)" | sort -u || true)
    [ -z "$added$removed" ] && break
    file="$folder/PublicAPI.Unshipped.txt"
    { echo "#nullable enable"; { grep -v '^#nullable' "$file" | grep -vxF -f <(printf '%s\n' "$removed") || true; printf '%s\n' "$added"; } | grep -v '^$' | sort -u; } > "$file.new"
    mv "$file.new" "$file"
    echo "$folder: +$(grep -c . <<<"$added" || true) -$(grep -c . <<<"$removed" || true)"
  done
done
