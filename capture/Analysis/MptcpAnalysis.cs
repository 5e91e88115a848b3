using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>One call from a capture file to its MPTCP connections, checks and streams.</summary>
public static class MptcpAnalysis
{
    /// <summary>Reads the capture at <paramref name="path"/> to the end (bad packets are skipped and reported).</summary>
    public static AnalysisResult Analyze(string path)
    {
        using CaptureReader reader = CaptureReader.Open(path);
        return Analyze(reader);
    }

    /// <summary>Reads <paramref name="reader"/> to the end; <paramref name="onFrame"/> sees each frame number (for progress).</summary>
    /// <param name="reader">The capture.</param>
    /// <param name="onFrame">Called with each frame number.</param>
    /// <param name="keepData">False to count the data-level streams without keeping their octets.</param>
    public static AnalysisResult Analyze(CaptureReader reader, System.Action<long>? onFrame = null, bool keepData = true)
    {
        System.ArgumentNullException.ThrowIfNull(reader);
        var analyzer = new MptcpAnalyzer(keepData: keepData);
        long frames = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames++;
            onFrame?.Invoke(frame.FrameNumber);
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                analyzer.Process(frame.FrameNumber, segment);
            }
        }

        analyzer.Complete();
        return new AnalysisResult(frames, analyzer.Connections, analyzer.Totals(), reader.Problems, analyzer.InvalidOptions);
    }
}

/// <summary>What <see cref="MptcpAnalysis.Analyze(string)"/> found.</summary>
/// <param name="Frames">Frames read.</param>
/// <param name="Connections">The MPTCP connections.</param>
/// <param name="Verification">Every check of the capture.</param>
/// <param name="Problems">What was wrong with the file.</param>
/// <param name="InvalidOptions">MPTCP options that did not decode.</param>
public sealed record AnalysisResult(long Frames, IReadOnlyList<MptcpConnection> Connections, VerificationCounts Verification, IReadOnlyList<CaptureProblem> Problems, long InvalidOptions);
