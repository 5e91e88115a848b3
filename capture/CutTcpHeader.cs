using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Capture;

// A TCP header the snap length cut inside its 20 fixed octets: no segment can be read from it, but its IP addresses
// are whole and its ports may be, which is what tcpdump prints of it.
internal readonly ref struct CutTcpHeader(bool isIPv6, ReadOnlySpan<byte> ipHeader, ReadOnlySpan<byte> captured)
{
    // True for IPv6, false for IPv4.
    public bool IsIPv6 { get; } = isIPv6;

    // The IP header before the TCP header.
    public ReadOnlySpan<byte> IPHeader { get; } = ipHeader;

    // The octets of the TCP header that were captured (fewer than 20).
    public ReadOnlySpan<byte> Captured { get; } = captured;

    // The IP source address.
    public MptcpAddress Source => IPAddresses.Source(IsIPv6, IPHeader);

    // The IP destination address.
    public MptcpAddress Destination => IPAddresses.Destination(IsIPv6, IPHeader);

    // True when both ports were captured.
    public bool HasPorts => Captured.Length >= 4;

    // The source port (when HasPorts).
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Captured);

    // The destination port (when HasPorts).
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Captured[2..]);
}
