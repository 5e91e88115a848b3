namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// Data a connection sent again on another subflow, counted three ways, each for its own question:
/// <list type="bullet">
/// <item><see cref="Pairs"/>: links (earlier frame, later frame on another subflow, sharing a data octet): Wireshark's
/// <c>mptcp.reinjection_of</c> and <c>reinjected_in</c> lists, as <see cref="MptcpConnection.ReinjectionPairs"/>.</item>
/// <item><see cref="Frames"/>: frames that carry data another subflow carried before (the frames with a
/// <c>reinjection_of</c>); a frame that repeats two earlier frames is one frame and two pairs.</item>
/// <item><see cref="MptcpResends"/>: of those frames, the ones whose data their own subflow sends for the first time: the
/// MPTCP-level re-sends of RFC 8684 §3.3.6 (what Linux counts in <c>MPTcpExtMPTCPRetrans</c>), the sum of the subflows'
/// <see cref="SubflowTraffic.ReinjectedSegments"/>. The others, <see cref="TcpRetransmissions"/>, are TCP
/// retransmissions on a subflow of data that another subflow had carried too.</item>
/// </list>
/// </summary>
public readonly record struct ReinjectionCounts(long Pairs, long Frames, long MptcpResends)
{
    /// <summary>Frames with a <c>reinjection_of</c> that are TCP retransmissions on their own subflow.</summary>
    public long TcpRetransmissions => Frames - MptcpResends;
}
