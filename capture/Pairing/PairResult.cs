using System.Collections.Generic;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Pairing;

/// <summary>What <see cref="CapturePair.Match(CaptureReader, CaptureReader)"/> found in two captures of one run.</summary>
public sealed class PairResult
{
    internal PairResult(AnalysisResult a, AnalysisResult b, IReadOnlyList<PairedSegment> segments, IReadOnlyList<SubflowDelay> subflows,
        IReadOnlyList<ConnectionDelay> connections, ClockEstimate clock, int unpairedSubflows)
    {
        A = a;
        B = b;
        Segments = segments;
        Subflows = subflows;
        Connections = connections;
        Clock = clock;
        UnpairedSubflows = unpairedSubflows;
    }

    /// <summary>Capture A's own analysis (what <c>summary</c> of it says).</summary>
    public AnalysisResult A { get; }

    /// <summary>Capture B's own analysis.</summary>
    public AnalysisResult B { get; }

    /// <summary>Every segment of the subflows seen in both captures: matched, lost, or seen only at the receiver; in capture A's order, then B's own.</summary>
    public IReadOnlyList<PairedSegment> Segments { get; }

    /// <summary>Each direction of each subflow seen in both captures, in capture A's order of connections and subflows.</summary>
    public IReadOnlyList<SubflowDelay> Subflows { get; }

    /// <summary>Each data direction of each MPTCP connection seen in both captures.</summary>
    public IReadOnlyList<ConnectionDelay> Connections { get; }

    /// <summary>Whether the two captures' clocks agree, and the offset estimate.</summary>
    public ClockEstimate Clock { get; }

    /// <summary>Subflows of either capture that the other has no trace of.</summary>
    public int UnpairedSubflows { get; }
}
