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
}
