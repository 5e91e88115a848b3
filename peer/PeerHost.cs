using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using Mptcp.Codec.Peer.Network;

namespace Mptcp.Codec.Peer;

/// <summary>
/// A private network namespace for one run, with a TUN device between the kernel and the peer: the kernel has
/// <see cref="KernelAddress"/> on it, and every address of <see cref="PeerAddresses"/> is routed to it, so they exist
/// only in the peer (no local socket answers them with resets). MPTCP is on, with limits that allow joins and
/// announcements. The run's body executes on a thread of its own inside the namespace (setns(2) is per thread), so
/// the caller's thread never changes namespace; the namespace is deleted afterwards, whatever happened.
/// </summary>
public sealed class PeerHost
{
    /// <summary>The TUN device's name inside the namespace.</summary>
    public const string Device = "mptcp-peer0";

    /// <summary>The kernel's address on the TUN device (10.9.0.1/24).</summary>
    public const uint KernelAddress = 0x0A09_0001;

    /// <summary>Addresses of the peer, routed to the TUN device: 10.9.0.2 and 10.9.0.3.</summary>
    public static readonly uint[] PeerAddresses = [0x0A09_0002, 0x0A09_0003];

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
        ns.Run("sysctl", "-q", "-w", "net.mptcp.enabled=1", $"net.mptcp.checksum_enabled={(checksums ? 1 : 0)}");
        ns.Run("ip", "mptcp", "limits", "set", "subflows", "4", "add_addr_accepted", "4");
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                ns.Enter();
                using var link = new PeerLink(TunDevice.Create(Device));
                ns.Run("ip", "addr", "add", "10.9.0.1/24", "dev", Device);
                ns.Run("ip", "link", "set", Device, "up");
                body(new PeerHost(ns, link));
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { Name = $"peer {name}" };
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    /// <summary>10.9.0.N as a string.</summary>
    public static string Text(uint address) => $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}";
}
