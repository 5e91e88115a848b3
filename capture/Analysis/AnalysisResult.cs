using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>What <see cref="MptcpAnalysis"/> found in a capture.</summary>
public sealed class AnalysisResult
{
    internal AnalysisResult(long frames, long tcpSegments, IReadOnlyList<CaptureProblem> problems, MptcpAnalyzer? analyzer)
    {
        Frames = frames;
        TcpSegments = tcpSegments;
        Problems = problems;
        Connections = analyzer?.Connections ?? [];
        Verification = analyzer?.Totals() ?? new VerificationCounts();
        InvalidOptions = analyzer?.InvalidOptions ?? 0;
        MalformedOptionBlocks = analyzer?.MalformedOptionBlocks ?? 0;
        CutHeaders = analyzer?.CutHeaders ?? 0;
        OptionsPerSubtype = analyzer?.OptionsPerSubtype ?? new long[16];
        UnattachedOptions = analyzer?.UnattachedOptions ?? 0;
        IncompleteHandshakes = analyzer?.IncompleteHandshakes ?? 0;
        UnattachedFindings = analyzer?.UnattachedFindings ?? [];
        FindingCount = analyzer?.UnattachedFindingCount ?? 0;
        foreach (MptcpConnection connection in Connections)
        {
            FindingCount += connection.Findings.Count;
        }

        EvictedSubflows = analyzer?.EvictedSubflows ?? 0;
        MptcpStreams = analyzer?.StreamCount ?? 0;
    }

    /// <summary>
    /// MPTCP streams numbered as Wireshark numbers <c>mptcp.stream</c>: one per connection attempt that showed a key,
    /// a join or a later option, answered or not (so at least as many as there are <see cref="Connections"/> with a key).
    /// </summary>
    public int MptcpStreams { get; }

    /// <summary>Frames read.</summary>
    public long Frames { get; }

    /// <summary>Frames that hold a TCP segment.</summary>
    public long TcpSegments { get; }

    /// <summary>The MPTCP connections, in order of appearance (none when connections were not tracked).</summary>
    public IReadOnlyList<MptcpConnection> Connections { get; }

    /// <summary>Every check of the capture.</summary>
    public VerificationCounts Verification { get; }

    /// <summary>What was wrong with the file itself.</summary>
    public IReadOnlyList<CaptureProblem> Problems { get; }

    /// <summary>MPTCP options that did not decode.</summary>
    public long InvalidOptions { get; }

    /// <summary>TCP option blocks that could not be walked to their end: options after the damage were not seen.</summary>
    public long MalformedOptionBlocks { get; }

    /// <summary>TCP headers the snap length cut inside their options (read as far as captured; not a finding).</summary>
    public long CutHeaders { get; }

    /// <summary>MPTCP options seen per subtype (index 0 to 15), malformed ones included.</summary>
    public IReadOnlyList<long> OptionsPerSubtype { get; }

    /// <summary>MPTCP options of subflows that joined no known connection.</summary>
    public long UnattachedOptions { get; }

    /// <summary>Findings of subflows that belong to no connection (the first 1,000; each connection has its own, <see cref="MptcpConnection.Findings"/>).</summary>
    public IReadOnlyList<Finding> UnattachedFindings { get; }

    /// <summary>Every finding of the capture: the connections' and those outside any, listed or only counted.</summary>
    public long FindingCount { get; }

    /// <summary>MP_CAPABLE SYNs whose handshake never completed (a SYN flood, a capture cut short, a refused connection).</summary>
    public long IncompleteHandshakes { get; }

    /// <summary>Subflows of no connection evicted to keep the flow table bounded (<see cref="AnalysisOptions.MaxPendingSubflows"/>).</summary>
    public long EvictedSubflows { get; }

    /// <summary>
    /// True when a check failed, an option or option block was invalid, the trace has findings, or MP_CAPABLE
    /// handshakes never completed: what makes <c>summary</c> exit 1.
    /// </summary>
    public bool HasFindings => Verification.TotalFailed > 0 || InvalidOptions > 0 || MalformedOptionBlocks > 0 || IncompleteHandshakes > 0 || FindingCount > 0;
}
