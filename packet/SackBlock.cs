namespace Mptcp.Codec.Packets;

/// <summary>One block of a SACK option (RFC 2018 §3): the first sequence number received, and the one after the last.</summary>
/// <param name="Left">The left edge: the first sequence number of the block.</param>
/// <param name="Right">The right edge: the sequence number just past the block.</param>
public readonly record struct SackBlock(uint Left, uint Right);
