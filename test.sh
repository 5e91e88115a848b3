#!/usr/bin/env bash
# The project's test command: installs what the tests need on a Debian machine, then runs every test.
#   ./test.sh                 everything (as root: the live tests make network namespaces)
#   ./test.sh ARGS...         extra arguments go to `dotnet test` (e.g. --filter ...)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Debian packages the tests call: tcpdump and tshark are the peers whose answers the tests compare with, jq reads the
# tool's JSON back as JavaScript would, zstd compresses a capture as a user would, iproute2 (ip, nstat) builds the live
# tests' network namespaces, libpcap is what mptcp-dump captures live with (-i), nftables and ethtool make the live
# loss scenarios (drops on one path, lo without segmentation offloads), chromium opens the HTML report in a real browser.
need=()
command -v tcpdump >/dev/null 2>&1 || need+=(tcpdump)
command -v tshark >/dev/null 2>&1 || need+=(tshark)
command -v jq >/dev/null 2>&1 || need+=(jq)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
{ command -v ip >/dev/null 2>&1 && command -v nstat >/dev/null 2>&1; } || need+=(iproute2)
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ethtool >/dev/null 2>&1 || need+=(ethtool)
[ -x /usr/bin/chromium ] || need+=(chromium)
/sbin/ldconfig -p 2>/dev/null | grep -q 'libpcap\.so\.' || need+=(libpcap0.8)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]} (Debian packages)"
    apt-get update -qq
    # tshark asks whether non-root users may capture; the tests need no such group.
    echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "test.sh: cannot install ${need[*]}: that needs root and apt-get (run as root: the live tests also need root to create network namespaces)" >&2
  fi
elif [ "$(id -u)" -ne 0 ]; then
  echo "test.sh: not root: the live tests need root to create network namespaces and capture in them, so they will fail" >&2
fi

echo "test.sh: dotnet $(dotnet --version)"
exec dotnet test Mptcp.Codec.sln "$@"
