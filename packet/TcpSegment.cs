using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

/// <summary>A TCP segment found in a frame, with the addresses of its IP header. Its spans point into the frame.</summary>
public readonly ref struct TcpSegment
{
    internal TcpSegment(bool isIPv6, ReadOnlySpan<byte> ipHeader, ReadOnlySpan<byte> tcpHeader, ReadOnlySpan<byte> payload, int payloadLength)
        : this(isIPv6, ipHeader, tcpHeader, payload, payloadLength, tcpHeader.Length)
    {
    }

    internal TcpSegment(bool isIPv6, ReadOnlySpan<byte> ipHeader, ReadOnlySpan<byte> tcpHeader, ReadOnlySpan<byte> payload, int payloadLength, int headerLength)
    {
        HeaderLength = headerLength;
        IsIPv6 = isIPv6;
        IPHeader = ipHeader;
        TcpHeader = tcpHeader;
        Payload = payload;
        PayloadLength = payloadLength;
    }

    /// <summary>True for IPv6, false for IPv4.</summary>
    public bool IsIPv6 { get; }

    /// <summary>The IP source address.</summary>
    public MptcpAddress Source => IPAddresses.Source(IsIPv6, IPHeader);

    /// <summary>The IP destination address.</summary>
    public MptcpAddress Destination => IPAddresses.Destination(IsIPv6, IPHeader);

    /// <summary>The TCP source port.</summary>
    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(TcpHeader);

    /// <summary>The TCP destination port.</summary>
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(TcpHeader[2..]);

    /// <summary>The sequence number.</summary>
    public uint SequenceNumber => BinaryPrimitives.ReadUInt32BigEndian(TcpHeader[4..]);

    /// <summary>The acknowledgment number (meaningful when <see cref="Ack"/> is set).</summary>
    public uint AcknowledgmentNumber => BinaryPrimitives.ReadUInt32BigEndian(TcpHeader[8..]);

    /// <summary>The eight flag bits: CWR, ECE, URG, ACK, PSH, RST, SYN, FIN from the high bit down.</summary>
    public byte Flags => TcpHeader[13];

    /// <summary>FIN is set.</summary>
    public bool Fin => (Flags & 0x01) != 0;

    /// <summary>SYN is set.</summary>
    public bool Syn => (Flags & 0x02) != 0;

    /// <summary>RST is set.</summary>
    public bool Rst => (Flags & 0x04) != 0;

    /// <summary>PSH is set.</summary>
    public bool Psh => (Flags & 0x08) != 0;

    /// <summary>ACK is set.</summary>
    public bool Ack => (Flags & 0x10) != 0;

    /// <summary>The receive window (unscaled).</summary>
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(TcpHeader[14..]);

    /// <summary>The checksum as sent.</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(TcpHeader[16..]);

    /// <summary>The option block as captured (walk it with <see cref="Tcp.TcpOptionWalker"/>): shorter than the header says when <see cref="IsHeaderCut"/>.</summary>
    public ReadOnlySpan<byte> Options => TcpHeader[20..];

    /// <summary>The header's length by its data offset, options included (20 to 60 octets).</summary>
    public int HeaderLength { get; }

    /// <summary>
    /// True when the snap length cut the TCP header inside its options: <see cref="TcpHeader"/> and <see cref="Options"/>
    /// hold what was captured, <see cref="Payload"/> is empty, and <see cref="PayloadLength"/> is still the IP header's.
    /// </summary>
    public bool IsHeaderCut => TcpHeader.Length < HeaderLength;

    /// <summary>
    /// True when a walk of <see cref="Options"/> that stopped with <paramref name="optionBlockError"/> stopped at the
    /// cut of the snap length, not at a malformed option: the option's kind or length octet, or an octet of a length
    /// that fits the header, was not captured.
    /// </summary>
    public bool IsCut(Mptcp.Codec.MptcpError optionBlockError)
    {
        if (!IsHeaderCut || optionBlockError.Status != Mptcp.Codec.MptcpStatus.Truncated)
        {
            return false;
        }

        ReadOnlySpan<byte> captured = Options;
        int at = optionBlockError.Offset;
        return at + 1 >= captured.Length || captured[at + 1] <= HeaderLength - 20 - at;
    }

    /// <summary>The payload octets captured (fewer than <see cref="PayloadLength"/> when the snap length cut the frame).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The payload length by the IP header's lengths.</summary>
    public int PayloadLength { get; }

    /// <summary>The IP header with IPv4 options or IPv6 extension headers: everything before the TCP header.</summary>
    public ReadOnlySpan<byte> IPHeader { get; }

    /// <summary>The TCP header, options included (as far as captured: see <see cref="IsHeaderCut"/>).</summary>
    public ReadOnlySpan<byte> TcpHeader { get; }
}
