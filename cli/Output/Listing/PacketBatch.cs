using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Output.Listing;

/// <summary>
/// Up to <see cref="Capacity"/> packets copied off the reading thread: what a listing line or JSON object needs of each
/// (its IP and TCP headers, not its payload; its checks, findings and reinjection frames), and the UTF-8 text they
/// become. The reader's buffers are reused for the next frame, so a packet is copied before another thread formats it.
/// A batch is reused: its arrays grow to the largest batch seen and stay, so memory is bounded by the batches in flight.
/// </summary>
internal sealed class PacketBatch(BatchFormatter formatter)
{
    /// <summary>Packets per batch: large enough that handing a batch over costs nothing per packet, small enough to keep output streaming.</summary>
    public const int Capacity = 2048;

    private readonly Entry[] _entries = new Entry[Capacity];
    private byte[] _headers = new byte[Capacity * 80];
    private int _headersLength;
    private readonly List<PacketCheck> _checks = [];
    private readonly List<FindingKind> _findings = [];
    private readonly List<long> _frames = [];

    /// <summary>What formats this batch: each batch its own, so that batches are formatted in parallel.</summary>
    public BatchFormatter Formatter { get; } = formatter;

    /// <summary>The packets in the batch.</summary>
    public int Count { get; private set; }

    /// <summary>True when no more packets fit.</summary>
    public bool IsFull => Count == Capacity;

    /// <summary>The batch's text, once formatted.</summary>
    public ArrayBufferWriter<byte> Output { get; } = new(Capacity * 256);

    /// <summary>True when the output is to be flushed once this batch is written: the input went quiet after it.</summary>
    public bool FlushAfter { get; set; }

    /// <summary>Empties the batch for reuse.</summary>
    public void Clear()
    {
        Count = 0;
        FlushAfter = false;
        _headersLength = 0;
        _checks.Clear();
        _findings.Clear();
        _frames.Clear();
        Output.ResetWrittenCount();
    }

    /// <summary>Copies a frame that holds no TCP segment.</summary>
    public void AddNotTcp(long frame, PacketDecodeStatus status) =>
        _entries[Count++] = new Entry { Frame = frame, Status = status };

    /// <summary>Copies a frame whose TCP header the snap length cut inside its fixed octets: its IP header and what there is of the TCP header.</summary>
    public void AddCutTcp(long frame, long timestampNanoseconds, in CutTcpHeader header) =>
        _entries[Count++] = new Entry
        {
            Frame = frame,
            Time = timestampNanoseconds,
            Status = PacketDecodeStatus.Truncated,
            IsIPv6 = header.IsIPv6,
            HeaderStart = CopyHeaders(header.IPHeader, header.Captured),
            IPLength = header.IPHeader.Length,
            TcpLength = header.Captured.Length,
        };

    /// <summary>Copies a TCP packet: its headers and the analysis' results, with tcpdump's relative seq and ack.</summary>
    public void Add(in CapturedFrame frame, in AnalyzedPacket packet, uint seq, uint ack, ReadOnlySpan<long> reinjectedIn) =>
        Add(frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, seq, ack, packet.DataLevel, packet.Checks, packet.Findings, packet.ReinjectionOf, reinjectedIn);

    /// <summary>Copies a TCP packet, given field by field.</summary>
    public void Add(long frame, long timestampNanoseconds, in TcpSegment segment, uint seq, uint ack, in PacketDataLevel dataLevel,
        ReadOnlySpan<PacketCheck> checks, ReadOnlySpan<FindingKind> findings, ReadOnlySpan<long> reinjectionOf, ReadOnlySpan<long> reinjectedIn)
    {
        _entries[Count++] = new Entry
        {
            Frame = frame,
            Time = timestampNanoseconds,
            Status = PacketDecodeStatus.Ok,
            IsIPv6 = segment.IsIPv6,
            HeaderStart = CopyHeaders(segment.IPHeader, segment.TcpHeader),
            IPLength = segment.IPHeader.Length,
            TcpLength = segment.TcpHeader.Length,
            Seq = seq,
            Ack = ack,
            DataLevel = dataLevel,
            Checks = Append(_checks, checks),
            Findings = Append(_findings, findings),
            ReinjectionOf = Append(_frames, reinjectionOf),
            ReinjectedIn = Append(_frames, reinjectedIn),
        };
    }

    /// <summary>Packet <paramref name="index"/> as it was handed over; its segment's payload is not kept (only its length).</summary>
    public BatchedPacket this[int index]
    {
        get
        {
            ref readonly Entry e = ref _entries[index];

            // The copied headers decode to the segment as the reader found it: the IP header's lengths still say
            // how long its payload was, and the copy ends where the payload began, as a snap length would cut it.
            ReadOnlySpan<byte> headers = _headers.AsSpan(e.HeaderStart, e.IPLength + e.TcpLength);
            TcpSegment segment = default;
            CutTcpHeader cut = default;
            if (e.Status == PacketDecodeStatus.Ok)
            {
                PacketDecoder.TryDecodeIP(headers, out segment, out _);
            }
            else if (e.Status == PacketDecodeStatus.Truncated && e.IPLength > 0)
            {
                PacketDecoder.TryDecodeCutTcp(LinkTypes.Raw, headers, out cut);
            }

            return new BatchedPacket(
                e.Frame, e.Time, e.Status, segment, cut,
                e.Seq, e.Ack, e.DataLevel,
                Slice(_checks, e.Checks), Slice(_findings, e.Findings), Slice(_frames, e.ReinjectionOf), Slice(_frames, e.ReinjectedIn));
        }
    }

    /// <summary>Copies an IP header and a TCP header to the end of the batch's headers; returns where they start.</summary>
    private int CopyHeaders(ReadOnlySpan<byte> ipHeader, ReadOnlySpan<byte> tcpHeader)
    {
        int start = _headersLength, length = ipHeader.Length + tcpHeader.Length;
        if (start + length > _headers.Length)
        {
            Array.Resize(ref _headers, Math.Max(_headers.Length * 2, start + length));
        }

        ipHeader.CopyTo(_headers.AsSpan(start));
        tcpHeader.CopyTo(_headers.AsSpan(start + ipHeader.Length));
        _headersLength += length;
        return start;
    }

    private static (int Start, int Count) Append<T>(List<T> list, ReadOnlySpan<T> items)
    {
        int start = list.Count;
        list.AddRange(items);
        return (start, items.Length);
    }

    private static ReadOnlySpan<T> Slice<T>(List<T> list, (int Start, int Count) range) =>
        CollectionsMarshal.AsSpan(list).Slice(range.Start, range.Count);

    private struct Entry
    {
        public long Frame;
        public long Time;
        public PacketDecodeStatus Status;
        public bool IsIPv6;
        public int HeaderStart;
        public int IPLength;
        public int TcpLength;
        public uint Seq;
        public uint Ack;
        public PacketDataLevel DataLevel;
        public (int Start, int Count) Checks;
        public (int Start, int Count) Findings;
        public (int Start, int Count) ReinjectionOf;
        public (int Start, int Count) ReinjectedIn;
    }
}

/// <summary>One packet of a <see cref="PacketBatch"/>, its spans into the batch.</summary>
internal readonly ref struct BatchedPacket(long frame, long time, PacketDecodeStatus status, TcpSegment segment, CutTcpHeader cutHeader, uint seq, uint ack, PacketDataLevel dataLevel,
    ReadOnlySpan<PacketCheck> checks, ReadOnlySpan<FindingKind> findings, ReadOnlySpan<long> reinjectionOf, ReadOnlySpan<long> reinjectedIn)
{
    public long Frame { get; } = frame;
    public long Time { get; } = time;
    public PacketDecodeStatus Status { get; } = status;
    public TcpSegment Segment { get; } = segment;

    /// <summary>The TCP header cut inside its fixed octets, when <see cref="Status"/> is Truncated and the IP header was whole.</summary>
    public CutTcpHeader CutHeader { get; } = cutHeader;
    public uint Seq { get; } = seq;
    public uint Ack { get; } = ack;
    public PacketDataLevel DataLevel { get; } = dataLevel;
    public ReadOnlySpan<PacketCheck> Checks { get; } = checks;
    public ReadOnlySpan<FindingKind> Findings { get; } = findings;
    public ReadOnlySpan<long> ReinjectionOf { get; } = reinjectionOf;
    public ReadOnlySpan<long> ReinjectedIn { get; } = reinjectedIn;
}
