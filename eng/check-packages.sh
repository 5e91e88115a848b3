#!/usr/bin/env bash
# Packs every library as users get it and checks the packages (eng/PackageCheck): dependencies on the SDK's own
# packages pinned to the exact version, PDB source paths deterministic (/_/…), XML docs that list public members only,
# a symbol package beside each; that the option generator reaches a project referencing Mptcp.Codec and not one that
# has it only through Mptcp.Codec.Capture; and, given the tool packages' folder (eng/pack-tool.sh's), their sizes,
# each under 30 MB.
#   eng/check-packages.sh [TOOL_PACKAGES]
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
packages="$work/packages"
for project in runtime/Mptcp.Codec.Runtime.csproj schema/Mptcp.Codec.csproj format/Mptcp.Codec.Format.csproj packet/Mptcp.Codec.Packets.csproj \
               capture/Mptcp.Codec.Capture.csproj fuzzing/Mptcp.Codec.Fuzzing.csproj peer/Mptcp.Codec.Peer.csproj; do
  dotnet pack "$project" -c Release -o "$packages" -nologo -v quiet
done
if [ -n "${1:-}" ]; then
  cp "$1"/mptcp-dump*.nupkg "$packages/"
fi
dotnet run --project eng/PackageCheck -c Release -- "$packages" 30

# Which projects run the generator: one per package referenced, restored from the packages just made (a cache of its
# own, so no earlier build of the same version is taken instead).
version=$(dotnet msbuild schema/Mptcp.Codec.csproj -getProperty:Version)
for package in Mptcp.Codec Mptcp.Codec.Capture; do
  consumer="$work/consumer-$package"
  mkdir -p "$consumer"
  cat > "$consumer/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="packed" value="$packages" />
  </packageSources>
</configuration>
CONFIG
  cat > "$consumer/Consumer.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <RestorePackagesPath>$work/nuget</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="$package" Version="$version" />
  </ItemGroup>
  <Target Name="ListAnalyzers" AfterTargets="ResolveLockFileAnalyzers">
    <Message Importance="high" Text="analyzer: %(Analyzer.Filename)" />
  </Target>
</Project>
PROJECT
  echo "namespace Consumer; internal static class Nothing { }" > "$consumer/Nothing.cs"
  analyzers=$(dotnet build "$consumer/Consumer.csproj" -nologo | grep -c "analyzer: Mptcp.Codec.Generator" || true)
  if [ "$package" = Mptcp.Codec ] && [ "$analyzers" -eq 0 ]; then
    echo "check-packages: a project referencing Mptcp.Codec does not get the option generator" >&2; exit 1
  elif [ "$package" != Mptcp.Codec ] && [ "$analyzers" -ne 0 ]; then
    echo "check-packages: a project referencing only $package runs the option generator" >&2; exit 1
  fi
  echo "check-packages: $package: the generator $([ "$analyzers" -eq 0 ] && echo "does not run" || echo runs)"
done
cd "$root"
