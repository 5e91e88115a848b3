using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Packets;

/// <summary>
/// Builds one IPv4 or IPv6 packet that carries a TCP segment: the IP header, the TCP header with any options (MPTCP
/// options from the SDK's types, MSS, SACK, timestamps, window scale, or raw octets), the payload, and the IP and TCP
/// checksums. <see cref="PacketDecoder.TryDecodeIP"/> is its inverse. Nothing is allocated.
/// </summary>
/// <remarks>
/// A mutable struct: keep it in a local or a field that is not <c>readonly</c>. Options are kept in the order they
/// are added, and the block is padded with NOPs to a multiple of four octets, as Linux pads it.
/// </remarks>
public struct TcpPacketBuilder
{
    /// <summary>The most octets of options a TCP header holds (its data offset counts at most 60 octets).</summary>
    public const int MaxOptionsLength = 40;

    private const int TcpFixedLength = 20;
    private const byte TcpProtocol = 6;

    private OptionOctets _options;
    private int _optionsLength;

    /// <summary>A segment from <paramref name="source"/> to <paramref name="destination"/>, which must be of one IP version.</summary>
    /// <exception cref="ArgumentException">One address is IPv4 and the other IPv6.</exception>
    public TcpPacketBuilder(MptcpAddress source, ushort sourcePort, MptcpAddress destination, ushort destinationPort)
    {
        if (source.IsIPv6 != destination.IsIPv6)
        {
            throw new ArgumentException($"the source {source} and the destination {destination} are not of one IP version", nameof(destination));
        }

        Source = source;
        SourcePort = sourcePort;
        Destination = destination;
        DestinationPort = destinationPort;
    }

    /// <summary>The IP source address.</summary>
    public MptcpAddress Source { get; }

    /// <summary>The IP destination address.</summary>
    public MptcpAddress Destination { get; }

    /// <summary>The TCP source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>The TCP destination port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>The sequence number.</summary>
    public uint SequenceNumber { get; set; }

    /// <summary>The acknowledgment number, written as given (RFC 9293 has it meaningful only with ACK set).</summary>
    public uint AcknowledgmentNumber { get; set; }

    /// <summary>The flag bits.</summary>
    public TcpFlags Flags { get; set; }

    /// <summary>The receive window as it goes on the wire (unscaled): 65,535 unless set.</summary>
    public ushort Window { get; set; } = ushort.MaxValue;

    /// <summary>The urgent pointer.</summary>
    public ushort UrgentPointer { get; set; }

    /// <summary>IPv4's time to live or IPv6's hop limit: 64 unless set, as Linux sends.</summary>
    public byte HopLimit { get; set; } = 64;

    /// <summary>IPv4's type-of-service octet or IPv6's traffic class (DSCP and ECN).</summary>
    public byte TrafficClass { get; set; }

    /// <summary>IPv6's flow label (its low 20 bits).</summary>
    public uint FlowLabel { get; set; }

    /// <summary>IPv4's identification field.</summary>
    public ushort Identification { get; set; }

    /// <summary>IPv4's don't-fragment bit: set unless cleared, as Linux sends TCP.</summary>
    public bool DontFragment { get; set; } = true;

    /// <summary>The octets of options added so far, before padding.</summary>
    public readonly int OptionsLength => _optionsLength;

    /// <summary>The octets of the 40 of TCP options not yet used.</summary>
    public readonly int RemainingOptionSpace => MaxOptionsLength - _optionsLength;

    /// <summary>The options added so far, before padding.</summary>
    [UnscopedRef]
    public readonly ReadOnlySpan<byte> Options => ((ReadOnlySpan<byte>)_options)[.._optionsLength];

    /// <summary>The IP header's length: 20 for IPv4, 40 for IPv6 (no IPv4 options or IPv6 extension headers).</summary>
    public readonly int IPHeaderLength => Source.IsIPv6 ? 40 : 20;

    /// <summary>The TCP header's length with the options added so far, padded: 20 to 60.</summary>
    public readonly int TcpHeaderLength => TcpFixedLength + ((_optionsLength + 3) & ~3);

    /// <summary>The whole packet's length with a payload of <paramref name="payloadLength"/> octets.</summary>
    public readonly int GetPacketLength(int payloadLength) => IPHeaderLength + TcpHeaderLength + payloadLength;

    /// <summary>Removes every option added.</summary>
    public void ClearOptions() => _optionsLength = 0;

    /// <summary>Adds an MPTCP option of the SDK's union.</summary>
    /// <exception cref="InvalidOperationException">The option has no valid encoding, or it does not fit in the options space left.</exception>
    public void AddOption(in MptcpOption option) => AddOption<MptcpOption>(option);

    /// <summary>Adds the option a union holds: the SDK's, or a user's own union with options of its own.</summary>
    /// <exception cref="InvalidOperationException">The option has no valid encoding, or it does not fit in the options space left.</exception>
    public void AddOption<TSet>(in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        MptcpStatus invalid = option.Validate(out string? field);
        if (invalid != MptcpStatus.Ok)
        {
            throw new InvalidOperationException($"cannot encode {option.TextName}: {invalid}{(field is null ? "" : $" ({field})")}");
        }

        int length = option.GetEncodedLength();
        EnsureRoom(length, option.TextName);
        option.Write(Free, out int written);
        _optionsLength += written;
    }

    /// <summary>Adds MSS (kind 2, RFC 9293 §3.2).</summary>
    public void AddMaximumSegmentSize(ushort mss)
    {
        Span<byte> option = Take(4, "MSS");
        option[0] = 2;
        option[1] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(option[2..], mss);
    }

    /// <summary>Adds SACK-permitted (kind 4, RFC 2018 §2).</summary>
    public void AddSackPermitted()
    {
        Span<byte> option = Take(2, "SACK-permitted");
        option[0] = 4;
        option[1] = 2;
    }

    /// <summary>Adds a SACK option (kind 5, RFC 2018 §3) with one to four blocks.</summary>
    /// <exception cref="ArgumentException">No block, or more than four.</exception>
    public void AddSack(ReadOnlySpan<SackBlock> blocks)
    {
        if (blocks.IsEmpty || blocks.Length > 4)
        {
            throw new ArgumentException($"a SACK option holds one to four blocks, not {blocks.Length}", nameof(blocks));
        }

        Span<byte> option = Take(2 + 8 * blocks.Length, "SACK");
        option[0] = 5;
        option[1] = (byte)option.Length;
        for (int i = 0; i < blocks.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(option[(2 + 8 * i)..], blocks[i].Left);
            BinaryPrimitives.WriteUInt32BigEndian(option[(6 + 8 * i)..], blocks[i].Right);
        }
    }

    /// <summary>Adds timestamps (kind 8, RFC 7323 §3): TSval and TSecr.</summary>
    public void AddTimestamps(uint value, uint echoReply)
    {
        Span<byte> option = Take(10, "timestamps");
        option[0] = 8;
        option[1] = 10;
        BinaryPrimitives.WriteUInt32BigEndian(option[2..], value);
        BinaryPrimitives.WriteUInt32BigEndian(option[6..], echoReply);
    }

    /// <summary>Adds window scale (kind 3, RFC 7323 §2) with a shift count (RFC 7323 caps its use at 14).</summary>
    public void AddWindowScale(byte shift)
    {
        Span<byte> option = Take(3, "window scale");
        option[0] = 3;
        option[1] = 3;
        option[2] = shift;
    }

    /// <summary>Adds a NOP (kind 1), as Linux puts before options to align them.</summary>
    public void AddNop() => Take(1, "NOP")[0] = 1;

    /// <summary>Adds end-of-options (kind 0).</summary>
    public void AddEndOfOptions() => Take(1, "EOL")[0] = 0;

    /// <summary>Adds an option of any kind: its kind, a length octet of two more than <paramref name="value"/>'s, and the value.</summary>
    public void AddOption(byte kind, ReadOnlySpan<byte> value)
    {
        Span<byte> option = Take(2 + value.Length, $"kind {kind}");
        option[0] = kind;
        option[1] = (byte)option.Length;
        value.CopyTo(option[2..]);
    }

    /// <summary>Adds octets to the option block exactly as given: several options at once, or a malformed one on purpose.</summary>
    public void AddRawOptions(ReadOnlySpan<byte> octets) => octets.CopyTo(Take(octets.Length, "raw options"));

    /// <summary>
    /// Writes the packet with <paramref name="payload"/> into <paramref name="destination"/>; false, with nothing
    /// written, when <paramref name="destination"/> is shorter than <see cref="GetPacketLength"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The packet would be longer than IP's 65,535 octets.</exception>
    public readonly bool TryWrite(ReadOnlySpan<byte> payload, Span<byte> destination, out int bytesWritten)
    {
        int total = GetPacketLength(payload.Length);
        int ipTotal = Source.IsIPv6 ? total - 40 : total;
        if (ipTotal > ushort.MaxValue)
        {
            throw new InvalidOperationException($"a packet of {total} octets does not fit IP's 16-bit length");
        }

        bytesWritten = 0;
        if (destination.Length < total)
        {
            return false;
        }

        Span<byte> packet = destination[..total];
        int ipLength = IPHeaderLength;
        int tcpLength = TcpHeaderLength;
        var tcpChecksum = default(InternetChecksum);
        packet[..(ipLength + tcpLength)].Clear();
        if (Source.IsIPv6)
        {
            // RFC 8200 §3: version, traffic class, flow label, payload length, next header, hop limit, addresses.
            BinaryPrimitives.WriteUInt32BigEndian(packet, 6u << 28 | (uint)TrafficClass << 20 | (FlowLabel & 0xFFFFF));
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], (ushort)(tcpLength + payload.Length));
            packet[6] = TcpProtocol;
            packet[7] = HopLimit;
            Source.Write(packet[8..]);
            Destination.Write(packet[24..]);
            tcpChecksum.Append(packet[8..40]); // RFC 8200 §8.1: both addresses of the pseudo-header
        }
        else
        {
            // RFC 791: version 4 and a header of five words, then the rest, the header's checksum last.
            packet[0] = 0x45;
            packet[1] = TrafficClass;
            BinaryPrimitives.WriteUInt16BigEndian(packet[2..], (ushort)total);
            BinaryPrimitives.WriteUInt16BigEndian(packet[4..], Identification);
            packet[6] = DontFragment ? (byte)0x40 : (byte)0;
            packet[8] = HopLimit;
            packet[9] = TcpProtocol;
            Source.Write(packet[12..]);
            Destination.Write(packet[16..]);
            var ipChecksum = default(InternetChecksum);
            ipChecksum.Append(packet[..20]);
            BinaryPrimitives.WriteUInt16BigEndian(packet[10..], ipChecksum.Result);
            tcpChecksum.Append(packet[12..20]); // RFC 9293 §3.1: both addresses of the pseudo-header
        }

        Span<byte> tcp = packet[ipLength..];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], DestinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], AcknowledgmentNumber);
        tcp[12] = (byte)(tcpLength / 4 << 4);
        tcp[13] = (byte)Flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], Window);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[18..], UrgentPointer);
        Options.CopyTo(tcp[TcpFixedLength..]);
        tcp[(TcpFixedLength + _optionsLength)..tcpLength].Fill(1); // NOP padding
        payload.CopyTo(tcp[tcpLength..]);

        // The pseudo-header's protocol and TCP length (IPv6's 32-bit length has its upper 16 bits 0 here), then the
        // segment itself.
        tcpChecksum.Add(TcpProtocol);
        tcpChecksum.Add((ushort)(tcpLength + payload.Length));
        tcpChecksum.Append(tcp);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], tcpChecksum.Result);
        bytesWritten = total;
        return true;
    }

    /// <summary>Writes the packet with <paramref name="payload"/> to <paramref name="writer"/>; returns its length.</summary>
    /// <exception cref="InvalidOperationException">The packet would be longer than IP's 65,535 octets.</exception>
    public readonly int Write(ReadOnlySpan<byte> payload, IBufferWriter<byte> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        int total = GetPacketLength(payload.Length);
        TryWrite(payload, writer.GetSpan(total), out int written);
        writer.Advance(written);
        return written;
    }

    [UnscopedRef]
    private Span<byte> Free => ((Span<byte>)_options)[_optionsLength..];

    [UnscopedRef]
    private Span<byte> Take(int length, string what)
    {
        EnsureRoom(length, what);
        Span<byte> taken = Free[..length];
        _optionsLength += length;
        return taken;
    }

    private readonly void EnsureRoom(int length, string what)
    {
        if (length > RemainingOptionSpace)
        {
            throw new InvalidOperationException($"{what} takes {length} octets, and {RemainingOptionSpace} of the 40 octets of TCP options are left");
        }
    }

    [System.Runtime.CompilerServices.InlineArray(MaxOptionsLength)]
    private struct OptionOctets
    {
        private byte _first;
    }
}
