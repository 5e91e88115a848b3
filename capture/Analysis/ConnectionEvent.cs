namespace Mptcp.Codec.Capture.Analysis;

/// <summary>Something that happened at the MPTCP level, for the summary (ADD_ADDR, REMOVE_ADDR, MP_PRIO, DATA_FIN…).</summary>
/// <param name="Frame">The frame that carried it.</param>
/// <param name="FromClient">True when the client (side A) sent it.</param>
/// <param name="Text">What happened, in the text format's words.</param>
public sealed record ConnectionEvent(long Frame, bool FromClient, string Text);
