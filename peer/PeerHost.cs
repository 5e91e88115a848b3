using System;
using System.Linq;
using Mptcp.Codec.Peer.Network;

namespace Mptcp.Codec.Peer;

/// <summary>
/// A private network namespace for one run, with a TUN device between the kernel and the peer: the kernel has
/// <see cref="KernelAddress"/> on it, and every address of <see cref="PeerAddresses"/> is routed to it, so they exist
/// only in the peer (no local socket answers them with resets). MPTCP is on; the path manager's limits are the
/// namespace's defaults (subflows 2, add_addr_accepted 0) until the run sets them. The run's body executes on a thread of its own inside the namespace (setns(2) is per thread), so
/// the caller's thread never changes namespace; the namespace is deleted afterwards, whatever happened.
/// </summary>
public sealed class PeerHost
{
    /// <summary>The TUN device's name inside the namespace.</summary>
    public const string Device = "mptcp-peer0";

    /// <summary>The kernel's IPv4 address on the TUN device (10.9.0.1/24).</summary>
    public static readonly MptcpAddress KernelAddress = MptcpAddress.FromIPv4(0x0A09_0001);

    /// <summary>The kernel's IPv6 address on the TUN device (fd09::1/64, a unique local address).</summary>
    public static readonly MptcpAddress KernelAddress6 = MptcpAddress.FromIPv6(((UInt128)0xFD09_0000_0000_0000UL << 64) | 1);

    /// <summary>How many addresses the peer has in each family: as many as Linux's path manager takes (MPTCP_PM_ADDR_MAX).</summary>
    public const int AddressCount = 8;

    /// <summary>IPv4 addresses of the peer, on the TUN device's subnet: 10.9.0.2 to 10.9.0.9.</summary>
    public static readonly MptcpAddress[] PeerAddresses = [.. Enumerable.Range(2, AddressCount).Select(i => MptcpAddress.FromIPv4(0x0A09_0000u + (uint)i))];

    /// <summary>IPv6 addresses of the peer, on the TUN device's prefix: fd09::2 to fd09::9.</summary>
    public static readonly MptcpAddress[] PeerAddresses6 = [.. Enumerable.Range(2, AddressCount).Select(i => MptcpAddress.FromIPv6(((UInt128)0xFD09_0000_0000_0000UL << 64) | (uint)i))];

    /// <summary>The kernel's address of a family.</summary>
    public static MptcpAddress Kernel(bool ipv6) => ipv6 ? KernelAddress6 : KernelAddress;

    /// <summary>The peer's address N (0 to 7) of a family.</summary>
    public static MptcpAddress Peer(int index, bool ipv6) => ipv6 ? PeerAddresses6[index] : PeerAddresses[index];

    private PeerHost(NetworkNamespace ns, PeerLink link)
    {
        Namespace = ns;
        Link = link;
    }

    /// <summary>The run's namespace.</summary>
    public NetworkNamespace Namespace { get; }

    /// <summary>The peer's side of the TUN device.</summary>
    public PeerLink Link { get; }

    /// <summary>
    /// Creates the namespace <paramref name="name"/> (checksum_enabled as <paramref name="checksums"/> says), runs
    /// <paramref name="body"/> inside it and deletes it; an exception of the body is thrown again here.
    /// </summary>
    public static void Run(string name, bool checksums, Action<PeerHost> body)
    {
        using NetworkNamespace ns = NetworkNamespace.Create(name);
        Run(ns, checksums, body);
    }

    /// <summary>
    /// Runs <paramref name="body"/> in the namespace the process was started in (<c>mptcp-dump peer --here</c>): the
    /// caller has made it, and it must not be the machine's initial one.
    /// </summary>
    /// <exception cref="InvalidOperationException">The process runs in the initial network namespace.</exception>
    public static void RunHere(bool checksums, Action<PeerHost> body)
    {
        if (NetworkNamespace.IsInitial())
        {
            throw new InvalidOperationException("--here runs in the namespace it is started in, and this is the machine's initial one: start it with `ip netns exec NAME …`, or leave --here out for a namespace of its own");
        }

        Run(NetworkNamespace.Current(), checksums, body);
    }

    private static void Run(NetworkNamespace ns, bool checksums, Action<PeerHost> body)
    {
        ns.Run("sysctl", "-q", "-w", "net.mptcp.enabled=1", $"net.mptcp.checksum_enabled={(checksums ? 1 : 0)}");
        ns.RunInside(() =>
        {
            using var link = new PeerLink(TunDevice.Create(Device));
            ns.Run("ip", "addr", "add", "10.9.0.1/24", "dev", Device);
            ns.Run("ip", "-6", "addr", "add", "fd09::1/64", "dev", Device, "nodad"); // no duplicate detection: usable at once
            ns.Run("ip", "link", "set", Device, "up");
            body(new PeerHost(ns, link));
        });
    }
}
