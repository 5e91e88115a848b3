#!/usr/bin/env bash
# Packs the libraries and the peer, builds this sample against the packed packages (not project references), runs it
# (as root: its last part makes a network namespace and a TUN device), compares its output with expected-output.txt,
# and has `mptcp-dump read --verify` check every value of the pcap it crafted. Exit 0 when all holds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
packages="$root/artifacts/sample-packages"
version=$(dotnet msbuild "$root/schema/Mptcp.Codec.csproj" -getProperty:Version)
peer_version=$(dotnet msbuild "$root/peer/Mptcp.Codec.Peer.csproj" -getProperty:Version)

rm -rf "$packages" "$here/obj/packages"/mptcp.codec*
for project in runtime/Mptcp.Codec.Runtime.csproj schema/Mptcp.Codec.csproj format/Mptcp.Codec.Format.csproj \
               packet/Mptcp.Codec.Packets.csproj capture/Mptcp.Codec.Capture.csproj peer/Mptcp.Codec.Peer.csproj; do
  dotnet pack "$root/$project" -c Release -o "$packages" -nologo -v quiet
done

dotnet build "$here/CraftedHandshake.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly \
  -p:MptcpCodecVersion="$version" -p:MptcpPeerVersion="$peer_version"
pcap="$here/obj/crafted.pcap"
dotnet "$here/bin/Release/net10.0/CraftedHandshake.dll" "$pcap" > "$here/obj/actual-output.txt"
if ! diff -u "$here/expected-output.txt" "$here/obj/actual-output.txt"; then
  echo "crafted-handshake: the output differs from expected-output.txt" >&2
  exit 1
fi

# The crafted values hold by the SDK's own verifier: keys, IDSNs, DATA_ACK and the DSS checksum.
dotnet build "$root/cli/mptcp-dump.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
dotnet "$root/cli/bin/Release/net10.0/mptcp-dump.dll" read "$pcap" --verify | tee "$here/obj/verify.txt"
if grep -q "FAILED" "$here/obj/verify.txt" || ! grep -qF "[dss_checksum ok]" "$here/obj/verify.txt" || ! grep -qF "[idsn ok]" "$here/obj/verify.txt"; then
  echo "crafted-handshake: read --verify does not pass every check of the crafted pcap" >&2
  exit 1
fi
echo "crafted-handshake: the output equals expected-output.txt and read --verify passes (Mptcp.Codec $version, Peer $peer_version from $packages)"
