using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

/// <summary>
/// A TCP header the snap length cut inside its 20 fixed octets (<see cref="PacketDecoder.TryDecodeCutTcp"/>): no
/// segment can be read from it, but its IP addresses are whole and its ports may be, which is what tcpdump prints of it.
/// </summary>
public readonly ref struct CutTcpHeader
{
    internal CutTcpHeader(bool isIPv6, ReadOnlySpan<byte> ipHeader, ReadOnlySpan<byte> captured)
    {
        IsIPv6 = isIPv6;
        IPHeader = ipHeader;
        Captured = captured;
    }

    /// <summary>True for IPv6, false for IPv4.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The IP header before the TCP header.</summary>
    public ReadOnlySpan<byte> IPHeader { get; }

    /// <summary>The octets of the TCP header that were captured (fewer than 20).</summary>
    public ReadOnlySpan<byte> Captured { get; }

    /// <summary>The IP source address.</summary>
    public MptcpAddress Source => IPAddresses.Source(IsIPv6, IPHeader);

    /// <summary>The IP destination address.</summary>
    public MptcpAddress Destination => IPAddresses.Destination(IsIPv6, IPHeader);

    /// <summary>True when both ports were captured.</summary>
    public bool HasPorts => Captured.Length >= 4;

    /// <summary>The source port (when <see cref="HasPorts"/>).</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Captured);

    /// <summary>The destination port (when <see cref="HasPorts"/>).</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Captured[2..]);
}
