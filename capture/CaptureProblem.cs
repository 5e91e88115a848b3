namespace Mptcp.Codec.Capture;

/// <summary>A problem found while reading a capture.</summary>
/// <param name="FileOffset">Offset of the record, block or header concerned, from the capture's first octet.</param>
/// <param name="Kind">What is wrong.</param>
/// <param name="FrameNumber">The number of the packet record concerned or, between records, the number the next one gets.</param>
/// <param name="Value">
/// The number the problem is about, where its kind has one: the link type of <see cref="CaptureProblemKind.UnsupportedLinkType"/>,
/// the captured length a record claims for <see cref="CaptureProblemKind.BadRecordLength"/> and
/// <see cref="CaptureProblemKind.RecordCutToSnapLength"/>; otherwise 0.
/// </param>
public readonly record struct CaptureProblem(long FileOffset, CaptureProblemKind Kind, long FrameNumber, long Value = 0)
{
    /// <summary>
    /// True for what is no damage but what libpcap (and so tcpdump) refuses while this reader reads on: a pcap version
    /// other than 2.0 to 2.4, several link types in one pcapng file.
    /// </summary>
    public bool IsWarning => Kind is CaptureProblemKind.UnusualVersion or CaptureProblemKind.SeveralLinkTypes;
}
