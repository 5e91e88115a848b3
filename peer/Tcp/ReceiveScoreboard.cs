using System;
using System.Collections.Generic;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Peer.Tcp;

// How a segment's sequence space stood against what the subflow had received.
internal enum Arrival
{
    // Nothing new: every octet (and the FIN) had come before.
    Duplicate,

    // It starts at or before RCV.NXT and moves it on.
    InOrder,

    // It starts past a hole: kept, and reported in SACK blocks.
    OutOfOrder,

    // It reaches past the window the peer offers (or past the most ranges kept): not taken, as TCP drops it.
    BeyondWindow,
}

// The receive side of one subflow's sequence space: RCV.NXT, and the ranges that came past a hole (RFC 9293 §3.10.7.4
// keeps them; RFC 2018 reports them as SACK blocks, the range of the latest arrival first). The octets themselves go
// up to the data level at once, so only the ranges are kept. Bounded: nothing is taken more than
// Limit octets past RCV.NXT, and at most MaxRanges separate ranges are kept (a segment
// that would make one more is dropped, and the kernel sends it again). Cost: a scan of the ranges per segment.
internal sealed class ReceiveScoreboard
{
    // The most octets taken past RCV.NXT: more than the window the peer offers (TcpSubflow.ReceiveWindow).
    public const int Limit = 8 << 20;

    // The most separate ranges kept past a hole.
    public const int MaxRanges = 32;

    // Offsets from Next, sorted, neither touching nor overlapping; the FIN, when it came early, as its offset.
    private readonly List<(long Start, long End)> _ranges = [];
    private long? _finAt;
    private int _latest = -1;

    // Octets RCV.NXT has moved over since Start (the FIN not counted): with the ranges, all received so far.
    private long _advanced;

    // RCV.NXT: the next sequence number expected.
    public uint Next { get; private set; }

    // The FIN and every octet before it came.
    public bool FinReceived { get; private set; }

    // Octets kept past a hole.
    public long OutOfOrderOctets
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

    // Starts the sequence space after the kernel's SYN.
    public void Start(uint next)
    {
        Next = next;
        _ranges.Clear();
        _finAt = null;
        FinReceived = false;
    }

    // Takes a segment of length octets at sequence (with fin,
    // the FIN after them); newOctets says how many of its octets had not come before.
    public Arrival Take(uint sequence, int length, bool fin, out int newOctets)
    {
        newOctets = 0;
        long start = (int)(sequence - Next);
        long end = start + length;
        if (end > Limit || (fin && _finAt is long at && at != end))
        {
            return Arrival.BeyondWindow;
        }

        bool finIsNew = fin && !FinReceived && _finAt is null;
        if (end <= 0 && !finIsNew)
        {
            return Arrival.Duplicate;
        }

        long before = Covered();
        if (start > 0)
        {
            if (!Insert(start, end))
            {
                return Arrival.BeyondWindow;
            }

            if (fin)
            {
                _finAt = end;
            }

            newOctets = (int)(Covered() - before);
            return newOctets > 0 || finIsNew ? Arrival.OutOfOrder : Arrival.Duplicate;
        }

        if (fin)
        {
            _finAt = Math.Max(end, 0);
        }

        Advance(Math.Max(end, 0));
        newOctets = (int)(Covered() - before);
        return Arrival.InOrder;
    }

    // Writes up to blocks.Length SACK blocks (left edge, right edge), the one holding the latest
    // arrival first (RFC 2018 §4), the others in sequence order; how many.
    public int WriteSackBlocks(Span<SackBlock> blocks)
    {
        int count = 0;
        if (_latest >= 0 && _latest < _ranges.Count && count < blocks.Length)
        {
            blocks[count++] = Edges(_ranges[_latest]);
        }

        for (int i = 0; i < _ranges.Count && count < blocks.Length; i++)
        {
            if (i != _latest)
            {
                blocks[count++] = Edges(_ranges[i]);
            }
        }

        return count;
    }

    private SackBlock Edges((long Start, long End) range) => new(Next + (uint)range.Start, Next + (uint)range.End);

    private long Covered() => _advanced + OutOfOrderOctets;

    private bool Insert(long start, long end)
    {
        int i = 0;
        while (i < _ranges.Count && _ranges[i].End < start)
        {
            i++;
        }

        int j = i;
        long s = start, e = end;
        while (j < _ranges.Count && _ranges[j].Start <= end)
        {
            s = Math.Min(s, _ranges[j].Start);
            e = Math.Max(e, _ranges[j].End);
            j++;
        }

        if (j == i && _ranges.Count >= MaxRanges)
        {
            return false;
        }

        _ranges.RemoveRange(i, j - i);
        _ranges.Insert(i, (s, e));
        _latest = i;
        return true;
    }

    private void Advance(long by)
    {
        // The ranges that now touch RCV.NXT join it.
        while (_ranges.Count > 0 && _ranges[0].Start <= by)
        {
            by = Math.Max(by, _ranges[0].End);
            _ranges.RemoveAt(0);
            _latest--;
        }

        Next += (uint)by;
        _advanced += by;
        for (int i = 0; i < _ranges.Count; i++)
        {
            _ranges[i] = (_ranges[i].Start - by, _ranges[i].End - by);
        }

        if (_finAt is long fin)
        {
            fin -= by;
            _finAt = fin;
            if (fin == 0 && !FinReceived)
            {
                FinReceived = true;
                Next++;
                _finAt = null;
            }
        }
    }
}
