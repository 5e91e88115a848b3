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

    /// <summary>True once a DATA_FIN was seen.</summary>
    public bool DataFinSeen { get; internal set; }

    /// <summary>The highest Data ACK the other side sent, relative to this stream.</summary>
    public long? HighestDataAck { get; internal set; }

    /// <summary>The stream's octets from offset 0 up to the first hole (allocates a copy).</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, (int)Math.Min(ContiguousLength, _buffer.Length)).ToArray();

    /// <summary>False to count and track ranges only, without keeping the octets (<see cref="ToArray"/> is then empty).</summary>
    public bool StoresData { get; init; } = true;

    internal void Write(long offset, ReadOnlySpan<byte> data)
    {
        if (offset < 0 || data.IsEmpty)
        {
            return;
        }

        long end = offset + data.Length;
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
            foreach ((long start, long stop) in _ranges)
            {
                if (stop <= at)
                {
                    continue;
                }

                if (start >= stored)
                {
                    break;
                }

                CopyGap(data, offset, at, Math.Min(start, stored));
                at = Math.Max(at, stop);
            }

            CopyGap(data, offset, at, stored);
        }

        AddRange(offset, end);
    }

    private void CopyGap(ReadOnlySpan<byte> data, long dataOffset, long from, long to)
    {
        if (to > from)
        {
            data.Slice((int)(from - dataOffset), (int)(to - from)).CopyTo(_buffer.AsSpan((int)from));
        }
    }

    private void AddRange(long start, long end)
    {
        int i = 0;
        while (i < _ranges.Count && _ranges[i].End < start)
        {
            i++;
        }

        while (i < _ranges.Count && _ranges[i].Start <= end)
        {
            start = Math.Min(start, _ranges[i].Start);
            end = Math.Max(end, _ranges[i].End);
            _ranges.RemoveAt(i);
        }

        _ranges.Insert(i, (start, end));
    }
}
