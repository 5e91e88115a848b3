using System;

namespace Mptcp.Codec.Capture.Pairing;

/// <summary>
/// Two captures of one run, one at each end (mptcpanalyzer's main use): every TCP segment of one is matched with the
/// same segment in the other, which gives each segment's one-way delay, what was lost between the two capture points,
/// and whether each reinjection was needed.
/// </summary>
/// <remarks>
/// A segment is the same in both captures when it belongs to the same subflow (named by its two initial sequence
/// numbers, which a NAT leaves alone, or by its endpoints when a capture missed the handshake), goes the same way, and
/// has the same raw sequence and acknowledgement numbers, flags, payload, IPv4 identification and TCP timestamp (the
/// last two tell a retransmission from its original). Identical copies are matched in order. Both captures are held in
/// memory, about 70 bytes a segment.
/// </remarks>
public static class CapturePair
{
    /// <summary>Reads both captures to the end and matches them.</summary>
    public static PairResult Match(CaptureReader a, CaptureReader b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        CaptureRecording first = CaptureRecording.Read(a);
        CaptureRecording second = CaptureRecording.Read(b);
        return new PairMatcher(first, second).Run();
    }

    /// <summary>Opens, reads and matches two capture files.</summary>
    public static PairResult Match(string pathA, string pathB)
    {
        using CaptureReader a = CaptureReader.Open(pathA);
        using CaptureReader b = CaptureReader.Open(pathB);
        return Match(a, b);
    }
}
