namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// The data-level view of one TCP segment of an MPTCP connection, as Wireshark's <c>mptcp.*</c> analysis fields name
/// it. A value the capture cannot tell (no handshake seen, data before its mapping, a segment without data) is null,
/// not guessed.
/// </summary>
public readonly record struct PacketDataLevel
{
    /// <summary>The connection's index, 0-based in order of appearance (<c>mptcp.stream</c>); null outside any connection.</summary>
    public int? Stream { get; init; }

    /// <summary>True on the connection's initial (MP_CAPABLE) subflow, false on joins (<c>mptcp.master</c>).</summary>
    public bool? Master { get; init; }

    /// <summary>The frame of the DSS mapping that covers the segment's first data octet (<c>mptcp.related_mapping</c>).</summary>
    public long? RelatedMapping { get; init; }

    /// <summary>The 64-bit data sequence number of the segment's first data octet (<c>mptcp.rawdsn64</c>).</summary>
    public ulong? RawDsn64 { get; init; }

    /// <summary>That DSN relative to the sender's IDSN: 1 for the first octet the sender sends (<c>mptcp.dsn</c>).</summary>
    public ulong? Dsn { get; init; }

    /// <summary>
    /// The earliest frame, on another subflow, that carried an octet of this segment's data before: this segment is a
    /// reinjection of it (the first of <c>mptcp.reinjection_of</c>; <see cref="AnalyzedPacket.ReinjectionOf"/> has them
    /// all). The other way, <c>reinjected_in</c>, needs the frames after: <see cref="MptcpConnection.ReinjectionPairs"/> has
    /// both ends of every reinjection once the capture is read.
    /// </summary>
    public long? ReinjectionOf { get; init; }

    /// <summary>The segment's DATA_ACK relative to the receiver's IDSN, 64-bit (<c>mptcp.ack</c>).</summary>
    public ulong? Ack { get; init; }
}
