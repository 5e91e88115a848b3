using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Tcp;

/// <summary>A TCP segment the kernel sent, copied out of the TUN's buffer, with its MPTCP options decoded.</summary>
public sealed class Segment
{
    private Segment(in TcpSegment segment)
    {
        Source = segment.Source;
        Destination = segment.Destination;
        SourcePort = segment.SourcePort;
        DestinationPort = segment.DestinationPort;
        SequenceNumber = segment.SequenceNumber;
        AcknowledgmentNumber = segment.AcknowledgmentNumber;
        Flags = (TcpFlags)segment.Flags;
        Window = segment.Window;
        Payload = segment.Payload.ToArray();
        ReadTcpOptions(segment.Options);
        var walker = TcpOptionWalker.MptcpOptions(segment.Options);
        while (walker.MoveNext())
        {
            if (MptcpOption.TryRead(walker.Current.Bytes, out MptcpOption option, out _))
            {
                Options.Add(option);
            }
            else
            {
                MalformedOptions++;
            }
        }
    }

    private void ReadTcpOptions(ReadOnlySpan<byte> block)
    {
        var walker = new TcpOptionWalker(block);
        while (walker.MoveNext())
        {
            ReadOnlySpan<byte> o = walker.Current.Bytes;
            switch (walker.Current.Kind)
            {
                case 3 when o.Length == 3:
                    WindowScale = o[2];
                    break;
                case 4 when o.Length == 2:
                    SackPermitted = true;
                    break;
                case 5 when o.Length >= 10 && (o.Length - 2) % 8 == 0:
                    for (int at = 2; at < o.Length; at += 8)
                    {
                        SackBlocks.Add(new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(o[at..]), BinaryPrimitives.ReadUInt32BigEndian(o[(at + 4)..])));
                    }

                    break;
                case 8 when o.Length == 10:
                    Timestamp = (BinaryPrimitives.ReadUInt32BigEndian(o[2..]), BinaryPrimitives.ReadUInt32BigEndian(o[6..]));
                    break;
            }
        }
    }

    /// <summary>The window scale shift the segment offers (RFC 7323 §2), on a SYN.</summary>
    public byte? WindowScale { get; private set; }

    /// <summary>The segment offers SACK (RFC 2018 §2), on a SYN.</summary>
    public bool SackPermitted { get; private set; }

    /// <summary>The SACK blocks, left and right edges (RFC 2018 §3).</summary>
    public List<SackBlock> SackBlocks { get; } = [];

    /// <summary>TSval and TSecr (RFC 7323 §3), when the segment carries timestamps.</summary>
    public (uint Value, uint Echo)? Timestamp { get; private set; }

    /// <summary>The source address.</summary>
    public MptcpAddress Source { get; }

    /// <summary>The destination address.</summary>
    public MptcpAddress Destination { get; }

    /// <summary>The source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>The destination port.</summary>
    public ushort DestinationPort { get; }

    /// <summary>The raw sequence number.</summary>
    public uint SequenceNumber { get; }

    /// <summary>The raw acknowledgment number.</summary>
    public uint AcknowledgmentNumber { get; }

    /// <summary>The TCP flags.</summary>
    public TcpFlags Flags { get; }

    /// <summary>The window, unscaled.</summary>
    public ushort Window { get; }

    /// <summary>The payload, copied.</summary>
    public byte[] Payload { get; }

    /// <summary>The MPTCP options that decoded, in wire order.</summary>
    public List<MptcpOption> Options { get; } = [];

    /// <summary>MPTCP options that did not decode (the kernel should never send one).</summary>
    public int MalformedOptions { get; }

    /// <summary>Whether <paramref name="flag"/> is set.</summary>
    public bool Has(TcpFlags flag) => (Flags & flag) != 0;

    /// <summary>Whether the segment carries an MPTCP option of <paramref name="kind"/>.</summary>
    public bool HasOption(MptcpOptionKind kind) => Options.Exists(o => o.Kind == kind);

    /// <summary>The segment's MP_CAPABLE, if it has one.</summary>
    public bool TryGetCapable(out MpCapableOption option)
    {
        foreach (MptcpOption o in Options)
        {
            if (o.TryGet(out option))
            {
                return true;
            }
        }

        option = default;
        return false;
    }

    /// <summary>The segment's DSS, if it has one.</summary>
    public bool TryGetDss(out DssOption option)
    {
        foreach (MptcpOption o in Options)
        {
            if (o.TryGet(out option))
            {
                return true;
            }
        }

        option = default;
        return false;
    }

    /// <summary>Decodes one IP packet read from the TUN; null when it holds no TCP segment (ICMPv6, say).</summary>
    public static Segment? TryDecode(ReadOnlySpan<byte> packet) =>
        PacketDecoder.TryDecodeIP(packet, out TcpSegment segment, out _) ? new Segment(segment) : null;

    /// <summary>One line: addresses, flags, numbers, options.</summary>
    public override string ToString() =>
        $"{Source}.{SourcePort} > {Destination}.{DestinationPort} [{Flags}] seq {SequenceNumber} ack {AcknowledgmentNumber} len {Payload.Length} {string.Join(", ", Options)}";
}
