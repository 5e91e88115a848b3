using System;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>What <see cref="MptcpAnalysis"/> does with each packet. The defaults do everything.</summary>
public sealed record AnalysisOptions
{
    /// <summary>Everything on: connections, verification, data kept.</summary>
    public static AnalysisOptions Default { get; } = new();

    /// <summary>
    /// Group subflows into MPTCP connections and count options. False leaves only the decoding of each packet for an
    /// <see cref="IPacketObserver"/> (what a plain packet listing needs); the result then has no connections.
    /// </summary>
    public bool TrackConnections { get; init; } = true;

    /// <summary>
    /// Verify tokens, join and ADD_ADDR HMACs, DSS checksums and IDSNs, and follow each direction's data-level stream.
    /// False only groups subflows and counts options (what <c>stats</c> needs).
    /// </summary>
    public bool Verify { get; init; } = true;

    /// <summary>Keep the octets of each direction's data-level stream (<see cref="DataStream.ToArray"/>); false counts them only.</summary>
    public bool KeepData { get; init; } = true;

    /// <summary>
    /// Find reinjections (data sent again on another subflow): an index of each end's data in flight, the one part of
    /// the analysis whose memory follows the packets (up to the data acknowledged a second ago, at most 65,536 ranges
    /// per direction). False leaves <see cref="PacketDataLevel.ReinjectionOf"/> and <see cref="MptcpConnection.ReinjectionPairs"/> empty.
    /// </summary>
    public bool FindReinjections { get; init; } = true;

    /// <summary>
    /// The most subflows kept that belong to no MPTCP connection yet (SYNs still unanswered, plain TCP flows, joins to
    /// unknown tokens), as a firewall's connection tracking bounds its table: beyond it the oldest is evicted. A subflow
    /// of a connection whose handshake completed is never evicted. Each costs a few hundred octets.
    /// </summary>
    public int MaxPendingSubflows { get; init; } = 16_384;

    /// <summary>
    /// Capture time after which a subflow that belongs to no connection and has seen no packet is evicted (the
    /// SYN_SENT timeout of Linux connection tracking, 120 s, by default). <see cref="System.TimeSpan.Zero"/> keeps them
    /// until the cap.
    /// </summary>
    public System.TimeSpan PendingTimeout { get; init; } = System.TimeSpan.FromSeconds(120);

    /// <summary>
    /// Called with each round-trip time measured (subflow and data level, <see cref="RttEstimator"/>), for a plot of RTT
    /// over time; the summaries keep only their statistics.
    /// </summary>
    public Action<RttSample>? OnRttSample { get; init; }
}
