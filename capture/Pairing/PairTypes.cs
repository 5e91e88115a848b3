using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Pairing;

/// <summary>One of the two captures of a pair.</summary>
public enum PairCapture : byte
{
    /// <summary>The first capture given.</summary>
    A,

    /// <summary>The second capture given.</summary>
    B,
}

/// <summary>What became of one segment between the two captures.</summary>
public enum SegmentFate : byte
{
    /// <summary>Seen in both: the sender's capture and the receiver's.</summary>
    Matched,

    /// <summary>Seen in the sender's capture only: lost between the two capture points.</summary>
    Lost,

    /// <summary>Seen in the receiver's capture only (the sender's capture started late, or dropped it).</summary>
    SeenOnlyAtReceiver,
}

/// <summary>Whether a reinjection (data sent again on another subflow) was needed, judged by what the receiver's capture saw.</summary>
public enum ReinjectionVerdict : byte
{
    /// <summary>The original never arrived, or arrived after the reinjection.</summary>
    Useful,

    /// <summary>The original had arrived first.</summary>
    Redundant,

    /// <summary>The reinjection itself never arrived.</summary>
    Lost,
}

/// <summary>How the pairing told which capture was made at which end.</summary>
public enum EndsInferredFrom : byte
{
    /// <summary>From a handshake seen in both: SYN to SYN/ACK takes a round trip at the initiator and almost nothing at the listener.</summary>
    Handshake,

    /// <summary>From the segments' timestamps (no handshake in both): the sender's capture is the one that saw them first.</summary>
    Timestamps,
}

/// <summary>Reinjections counted by verdict.</summary>
/// <param name="Useful">The original never arrived, or arrived after.</param>
/// <param name="Redundant">The original had arrived first.</param>
/// <param name="Lost">The reinjection never arrived.</param>
public readonly record struct ReinjectionTally(int Useful, int Redundant, int Lost);

/// <summary>One segment of a paired subflow, and what the other capture saw of it.</summary>
/// <param name="Connection">The MPTCP connection, numbered as capture A's summary numbers it (0 outside any).</param>
/// <param name="Subflow">The subflow, numbered as in capture A's summary.</param>
/// <param name="Sender">Which end of the connection sent it.</param>
/// <param name="SentIn">The capture made at the sender's end.</param>
/// <param name="Source">Its source, as the sender's capture has it.</param>
/// <param name="Destination">Its destination, as the sender's capture has it.</param>
/// <param name="Sequence">Its raw TCP sequence number.</param>
/// <param name="Acknowledgment">Its raw acknowledgement number.</param>
/// <param name="Length">Its TCP payload length.</param>
/// <param name="FrameA">Its frame in capture A, if seen there.</param>
/// <param name="FrameB">Its frame in capture B, if seen there.</param>
/// <param name="Fate">Whether both captures saw it.</param>
/// <param name="SentNanoseconds">Its timestamp in the sender's capture (null when that capture did not see it).</param>
/// <param name="OneWayDelayNanoseconds">Receiver's capture time minus sender's, as the clocks read (null unless matched).</param>
/// <param name="Reinjection">For a reinjection sent by the end whose capture has it: whether it was needed.</param>
public readonly record struct PairedSegment(int Connection, int Subflow, Side Sender, PairCapture SentIn, Endpoint Source, Endpoint Destination,
    uint Sequence, uint Acknowledgment, int Length, long? FrameA, long? FrameB, SegmentFate Fate, long? SentNanoseconds, long? OneWayDelayNanoseconds, ReinjectionVerdict? Reinjection);

/// <summary>One direction of one subflow seen at both ends.</summary>
/// <param name="Connection">The MPTCP connection (capture A's number; 0 outside any).</param>
/// <param name="Subflow">The subflow (capture A's number).</param>
/// <param name="Sender">Which end of the connection sends in this direction.</param>
/// <param name="Source">The sender's endpoint, as its own capture has it.</param>
/// <param name="Destination">The receiver's endpoint, as the sender's capture has it.</param>
/// <param name="SentIn">The capture made at the sender's end.</param>
/// <param name="Sent">Segments in the sender's capture.</param>
/// <param name="Matched">Of those, seen in the receiver's capture.</param>
/// <param name="Lost">Sent and never seen at the other end.</param>
/// <param name="SeenOnlyAtReceiver">Seen in the receiver's capture but not in the sender's.</param>
/// <param name="Delay">One-way delays as the clocks read.</param>
/// <param name="CorrectedDelay">The same with the clock offset estimate taken out (<see cref="ClockEstimate"/>).</param>
/// <param name="Reinjections">Reinjections sent on this subflow in this direction, by verdict.</param>
public readonly record struct SubflowDelay(int Connection, int Subflow, Side Sender, Endpoint Source, Endpoint Destination, PairCapture SentIn,
    int Sent, int Matched, int Lost, int SeenOnlyAtReceiver, DelayStatistics Delay, DelayStatistics CorrectedDelay, ReinjectionTally Reinjections);

/// <summary>One data direction of one MPTCP connection seen at both ends: each DSN range from its first send to its first arrival.</summary>
/// <param name="Connection">The connection (capture A's number).</param>
/// <param name="Sender">Which end sends.</param>
/// <param name="SentIn">The capture made at the sender's end.</param>
/// <param name="Ranges">Distinct DSNs that start a segment's data in the sender's capture.</param>
/// <param name="Arrived">Of those, whose octet reached the receiver's capture (on any subflow).</param>
/// <param name="Delay">First send to first arrival, as the clocks read.</param>
/// <param name="CorrectedDelay">The same with the clock offset estimate taken out.</param>
/// <param name="Reinjections">The connection's reinjections in this direction, by verdict.</param>
/// <param name="EndsFrom">How the ends of the connection were told apart.</param>
public readonly record struct ConnectionDelay(int Connection, Side Sender, PairCapture SentIn, int Ranges, int Arrived,
    DelayStatistics Delay, DelayStatistics CorrectedDelay, ReinjectionTally Reinjections, EndsInferredFrom EndsFrom);

/// <summary>
/// Whether the two capture clocks agree. The offset is estimated as NTP does with one exchange, assuming the fastest
/// packet of each direction took as long: <c>(min delay A→B − min delay B→A) / 2</c>, B's clock minus A's.
/// </summary>
/// <param name="OffsetNanoseconds">B's clock minus A's, estimated (null without matched segments in both directions).</param>
/// <param name="MinimumAToBNanoseconds">The smallest delay of a segment A's end sent (null if none).</param>
/// <param name="MinimumBToANanoseconds">The smallest delay of a segment B's end sent (null if none).</param>
/// <param name="NegativeDelays">Matched segments that arrived before they were sent, as the clocks read.</param>
/// <param name="AsymmetricMinima">The two minima differ by more than 1 ms and by more than half the larger.</param>
public readonly record struct ClockEstimate(long? OffsetNanoseconds, long? MinimumAToBNanoseconds, long? MinimumBToANanoseconds, int NegativeDelays, bool AsymmetricMinima)
{
    /// <summary>True when the clocks visibly disagree: a negative delay, or asymmetric minima.</summary>
    public bool Disagree => NegativeDelays > 0 || AsymmetricMinima;
}
