using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// One direction's data-level byte stream, rebuilt in DSN order from the bytes every subflow carried. Offsets are
/// relative to the sender's IDSN + 1. Storage grows by doubling, so its cost is per byte, not per packet.
/// </summary>
public sealed class DataStream
{
    /// <summary>The most octets kept per direction; later octets are counted but not stored.</summary>
    public const int MaxStoredBytes = 64 << 20;

    private readonly List<(long Start, long End)> _ranges = [];
    private byte[] _buffer = [];

    /// <summary>Octets received, counting retransmissions once.</summary>
    public long Received
    {
        get
        {
            long total = 0;
            foreach ((long start, long end) in _ranges)
            {
                total += end - start;
            }

            return total;
        }
    }

    /// <summary>Octets from offset 0 with no hole.</summary>
    public long ContiguousLength => _ranges.Count > 0 && _ranges[0].Start == 0 ? _ranges[0].End : 0;

    /// <summary>
    /// Data-level out-of-order arrivals: segments whose first octet lies beyond the next one expected in DSN order (the
    /// end of the data without a hole), as a receiver that gets them must queue them.
    /// </summary>
    public long OutOfOrderEvents { get; private set; }

    /// <summary>The farthest such a segment lay beyond the next expected octet, in octets (the reorder depth).</summary>
    public long MaxReorderDepth { get; private set; }

    /// <summary>The data-level round-trip times of this direction: from a mapping's octets to the DATA_ACK covering them.</summary>
    public RttEstimator Rtt { get; } = new();

    /// <summary>True once a DATA_FIN was seen.</summary>
    public bool DataFinSeen { get; internal set; }

    /// <summary>The highest Data ACK the other side sent, relative to this stream.</summary>
    public long? HighestDataAck { get; internal set; }

    /// <summary>The stream's octets from offset 0 up to the first hole (allocates a copy).</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, (int)Math.Min(ContiguousLength, _buffer.Length)).ToArray();

    /// <summary>False to count and track ranges only, without keeping the octets (<see cref="ToArray"/> is then empty).</summary>
    public bool StoresData { get; init; } = true;

    // Takes octets at a data-level offset; returns how many of them no earlier write had delivered.
    internal long Write(long offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || data.IsEmpty)
        {
            return 0;
        }

        long end = offset + data.Length;
        long expected = ContiguousLength;
        if (offset > expected)
        {
            OutOfOrderEvents++;
            MaxReorderDepth = Math.Max(MaxReorderDepth, offset - expected);
        }

        long held = 0;
        for (int i = FirstEndingAfter(offset); i < _ranges.Count && _ranges[i].Start < end; i++)
        {
            held += Math.Min(_ranges[i].End, end) - Math.Max(_ranges[i].Start, offset);
        }

        if (StoresData && offset < MaxStoredBytes)
        {
            int stored = (int)Math.Min(end, MaxStoredBytes);
            if (stored > _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min(MaxStoredBytes, Math.Max(stored, Math.Max(4096, 2L * _buffer.Length))));
            }

            // Only the octets not held yet: the receiver keeps the first copy of a DSN (a retransmission or a Linux
            // zero-window probe, which carries the next octet under the previous mapping, must not overwrite it).
            long at = offset;
            for (int i = FirstEndingAfter(at); i < _ranges.Count && _ranges[i].Start < stored; i++)
            {
                CopyGap(data, offset, at, Math.Min(_ranges[i].Start, stored));
                at = Math.Max(at, _ranges[i].End);
            }

            CopyGap(data, offset, at, stored);
        }

        AddRange(offset, end);
        return data.Length - held;
    }

    private void CopyGap(ReadOnlySpan<byte> data, long dataOffset, long from, long to)
    {
        if (to > from)
        {
            data.Slice((int)(from - dataOffset), (int)(to - from)).CopyTo(_buffer.AsSpan((int)from));
        }
    }

    // The ranges are sorted, disjoint and never touch. A capture that missed packets leaves a hole for each, and every
    // later segment lands past them all: found by binary search, so that costs log(holes), not holes, per segment.
    private void AddRange(long start, long end)
    {
        int first = FirstEndingAfter(start - 1);
        int last = first;
        while (last < _ranges.Count && _ranges[last].Start <= end)
        {
            start = Math.Min(start, _ranges[last].Start);
            end = Math.Max(end, _ranges[last].End);
            last++;
        }

        if (last - first == 1)
        {
            _ranges[first] = (start, end);
            return;
        }

        _ranges.RemoveRange(first, last - first);
        _ranges.Insert(first, (start, end));
    }

    // The index of the first range that ends after position (the count when none does).
    private int FirstEndingAfter(long position)
    {
        int low = 0;
        int high = _ranges.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_ranges[middle].End <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
