#!/usr/bin/env bash
# Packs the libraries, builds this sample against the packed packages (not project references), runs it and
# compares its output with expected-output.txt. Exit 0 when they are equal.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
packages="$root/artifacts/sample-packages"
version=$(dotnet msbuild "$root/schema/Mptcp.Codec.csproj" -getProperty:Version)

rm -rf "$packages" "$here/obj/packages"/mptcp.codec*
for project in runtime/Mptcp.Codec.Runtime.csproj schema/Mptcp.Codec.csproj format/Mptcp.Codec.Format.csproj; do
  dotnet pack "$root/$project" -c Release -o "$packages" -nologo -v quiet
done

dotnet build "$here/CustomOption.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly -p:MptcpCodecVersion="$version"
dotnet "$here/bin/Release/net10.0/CustomOption.dll" > "$here/obj/actual-output.txt"
if diff -u "$here/expected-output.txt" "$here/obj/actual-output.txt"; then
  echo "custom-option: the output equals expected-output.txt (Mptcp.Codec $version from $packages)"
else
  echo "custom-option: the output differs from expected-output.txt" >&2
  exit 1
fi
