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

    // The end of the highest relative sequence sent so far (0: nothing yet).
    private uint _highestEnd;

    /// <summary>Takes a data segment at relative sequence <paramref name="relative"/>; whether it is a TCP retransmission.</summary>
    internal bool Sent(uint relative, int length)
    {
        uint end = relative + (uint)length;
        bool again = _highestEnd != 0 && (int)(relative - _highestEnd) < 0;
        if (again)
        {
            RetransmittedSegments++;
        }

        if (_highestEnd == 0 || (int)(end - _highestEnd) > 0)
        {
            _highestEnd = end;
        }

        return again;
    }
}
