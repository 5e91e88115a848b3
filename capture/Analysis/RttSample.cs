namespace Mptcp.Codec.Capture.Analysis;

/// <summary>One round-trip time measured in a capture (<see cref="AnalysisOptions.OnRttSample"/>).</summary>
/// <param name="Subflow">The subflow that carried the acknowledgment.</param>
/// <param name="Sender">The end whose data was acknowledged.</param>
/// <param name="TimeNanoseconds">When the acknowledgment was captured.</param>
/// <param name="RttNanoseconds">From the data to its acknowledgment.</param>
/// <param name="DataLevel">True for a DATA_ACK (data-level RTT), false for a TCP ACK (the subflow's RTT).</param>
public readonly record struct RttSample(Subflow Subflow, Side Sender, long TimeNanoseconds, long RttNanoseconds, bool DataLevel);
