using System.Collections.Generic;
using System.Net;

namespace Mptcp.Codec.Peer.Packetdrill.Run;

internal enum IPVersion
{
    IPv4,
    IPv6,
    IPv4MappedIPv6,
}

// packetdrill's options and their defaults: run_all.py's IPv4 addresses (packetdrill itself draws its local address
// at random in 192.168.0.0/16; a fixed one keeps runs comparable), port 8080 both ways, a tolerance of 4 ms.
internal sealed record RunSettings
{
    public IPVersion IPVersion { get; init; } = IPVersion.IPv4;

    public IPAddress LocalAddress { get; init; } = IPAddress.Parse("192.168.0.2");

    public IPAddress RemoteAddress { get; init; } = IPAddress.Parse("192.0.2.1");

    public int RemotePrefixLength { get; init; } = 24;

    public IPAddress GatewayAddress { get; init; } = IPAddress.Parse("192.168.0.1");

    public int LocalPrefixLength { get; init; } = 16;

    public int Mtu { get; init; } = 1500;

    public long ToleranceMicroseconds { get; init; } = 4000;

    public ushort BindPort { get; init; } = 8080;

    public ushort ConnectPort { get; init; } = 8080;

    public IReadOnlyDictionary<string, string> Defines { get; init; } = new Dictionary<string, string>();

    // The family of the script's sockets: IPv6 also for IPv4-mapped addresses.
    public bool SocketsAreIPv6 => IPVersion != IPVersion.IPv4;

    public string IPVersionName => IPVersion switch
    {
        IPVersion.IPv4 => "ipv4",
        IPVersion.IPv6 => "ipv6",
        _ => "ipv4-mapped-ipv6",
    };
}
