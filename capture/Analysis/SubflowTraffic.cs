using System;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// What one direction of a subflow carried (issue 15's per-subflow metrics): TCP segments and payload as on the wire,
/// and at the data level the octets it delivered first (its share of the goodput) and those it sent again after
/// another subflow had carried them (reinjections, RFC 8684 §3.3.6).
/// </summary>
public sealed class SubflowTraffic
{
    /// <summary>TCP segments, all of them (SYN, pure ACKs and retransmissions included), as tshark counts frames of a direction.</summary>
    public long Segments { get; internal set; }

    /// <summary>TCP payload octets, retransmissions included (the sum of tshark's <c>tcp.len</c>).</summary>
    public long PayloadOctets { get; internal set; }

    /// <summary>Data-level octets no subflow had delivered before: this direction's share of the connection's goodput.</summary>
    public long FirstDeliveredOctets { get; internal set; }

    /// <summary>TCP retransmissions: segments that carry again sequence numbers this direction had sent.</summary>
    public long RetransmittedSegments { get; internal set; }

    /// <summary>
    /// Segments whose data another subflow had carried before, sent on this one for the first time (a
    /// <c>mptcp.reinjection_of</c> frame that is no TCP retransmission): the MPTCP-level re-sends.
    /// </summary>
    public long ReinjectedSegments { get; internal set; }

    /// <summary>Data-level octets of those segments.</summary>
    public long ReinjectedOctets { get; internal set; }

    /// <summary>The subflow's round-trip times in this direction: from a data segment to the other side's ACK covering it.</summary>
    public RttEstimator Rtt { get; } = new();

    // The end of the highest relative sequence sent so far, unwrapped past 2^32 (0: nothing yet).
    private long _highestEnd;

    // Takes a data segment at relative sequence relative sent at time; whether it is a TCP retransmission.
    internal bool Sent(uint relative, int length, long time)
    {
        long start = Unwrap(relative);
        long end = start + length;
        bool again = _highestEnd != 0 && start < _highestEnd;
        if (again)
        {
            RetransmittedSegments++;
            Rtt.SentAgain();
        }
        else
        {
            Rtt.Sent(end, time);
        }

        _highestEnd = Math.Max(_highestEnd, end);
        return again;
    }

    // The other side acknowledged everything below relative sequence relative at time.
    internal long Acknowledged(uint relative, long time) => _highestEnd != 0 ? Rtt.Acknowledged(Unwrap(relative), time) : -1;

    // The 64-bit relative sequence nearest the highest sent whose low 32 bits are relative.
    private long Unwrap(uint relative)
    {
        long candidate = (_highestEnd & ~0xFFFF_FFFFL) | relative;
        return candidate - _highestEnd > int.MaxValue ? candidate - (1L << 32) : _highestEnd - candidate > int.MaxValue ? candidate + (1L << 32) : candidate;
    }
}
