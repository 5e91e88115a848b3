using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

// The data-level ranges one end has sent and not yet seen acknowledged, each with the frame and subflow that carried
// it, so that data sent again on another subflow (a reinjection, RFC 8684 §3.3.6) is recognised. Ranges at or below
// the peer's DATA_ACK are dropped, but for the last KeptAcknowledged of them (acknowledged data is not
// sent again, but a sender may reinject before the ACK reaches it: the capture sees the ACK first, as on frame 780 of
// v1-loss-reinject.pcap). That bounds the index by the data in flight, whatever the capture's pace; beyond
// Capacity ranges the oldest go as well, so that a capture without DATA_ACKs stays bounded too.
internal sealed class ReinjectionIndex
{
    // The most ranges kept (about a 64 MB window of 1 KB segments).
    public const int Capacity = 65_536;

    // Acknowledged ranges kept: those the sender may not have seen acknowledged when it reinjected.
    public const int KeptAcknowledged = 256;

    // Sorted by start; data is sent mostly in DSN order, so an insertion is mostly an append.
    private readonly List<(ulong Start, ulong End, long Frame, Subflow Subflow)> _ranges = [];

    // Ranges [0, _prefix) end at or below _prefixAcknowledged, the last DATA_ACK (see Acknowledge).
    private int _prefix;
    private ulong _prefixAcknowledged;

    // The longest range recorded: a range that starts more than this before an octet cannot reach it.
    private ulong _longest;

    // Records frame's range [start, end) and adds to
    // originals each frame of another subflow that carried an octet of it before, in ascending order.
    public void Add(ulong start, ulong end, long frame, Subflow subflow, List<long> originals)
    {
        int at = FirstEndingAfter(start);
        for (int i = at; i < _ranges.Count && _ranges[i].Start < end; i++)
        {
            var range = _ranges[i];
            if (range.End > start && !ReferenceEquals(range.Subflow, subflow))
            {
                originals.Add(range.Frame);
            }
        }

        originals.Sort(); // sorted by start, not by frame; a handful of entries at most

        _longest = Math.Max(_longest, end - start);
        int insert = _ranges.Count;
        while (insert > 0 && _ranges[insert - 1].Start > start)
        {
            insert--;
        }

        _ranges.Insert(insert, (start, end, frame, subflow));
        if (insert < _prefix)
        {
            _prefix = 0; // inserted among the ranges counted as acknowledged: count again
        }

        if (_ranges.Count > Capacity)
        {
            Remove(Capacity / 2); // the older half at once: amortised, not a shift per packet
        }
    }

    // Drops what the peer acknowledged (the ranges that end at or below acknowledged) but the last few.
    public void Acknowledge(ulong acknowledged)
    {
        // The acknowledged prefix is counted on from where the last (lower or equal) DATA_ACK left it: counting from
        // the start each time walked the up to 2 × KeptAcknowledged kept ranges on every packet, 9 % of read --verify
        // (benchmarks/RESULTS.md, issue 17). A lower DATA_ACK (reordering) counts again from the start.
        if (acknowledged < _prefixAcknowledged)
        {
            _prefix = 0;
        }

        _prefixAcknowledged = acknowledged;
        while (_prefix < _ranges.Count && _ranges[_prefix].End <= acknowledged)
        {
            _prefix++;
        }

        if (_prefix > 2 * KeptAcknowledged)
        {
            Remove(_prefix - KeptAcknowledged); // in batches: amortised, not a shift per ACK
        }
    }

    private void Remove(int oldest)
    {
        _ranges.RemoveRange(0, oldest);
        _prefix = Math.Max(0, _prefix - oldest);
    }

    // The first range that may overlap a range starting at start: ranges are sorted by start, not by
    // end, so a short range just before start can hide a longer one before it that reaches past it
    // (frame 266 behind 332 for frame 387 of v1-stall-reinject.pcap); the walk back goes as far as the longest range
    // could reach (ranges are segments: a few dozen steps at most).
    private int FirstEndingAfter(ulong start)
    {
        int low = 0, high = _ranges.Count;
        while (low < high)
        {
            int middle = (low + high) / 2;
            if (_ranges[middle].Start < start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        // Ranges starting before `start` can still reach past it.
        while (low > 0 && _ranges[low - 1].Start + _longest > start)
        {
            low--;
        }

        return low;
    }
}
