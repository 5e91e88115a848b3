using System;
using System.Collections.Generic;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// The one way from a capture to its MPTCP connections, checks and streams: every command of the tool and every
/// program goes through here, with <see cref="AnalysisOptions"/> saying how much work to do.
/// </summary>
public static class MptcpAnalysis
{
    /// <summary>Reads the capture at <paramref name="path"/> to the end, doing everything (<see cref="AnalysisOptions.Default"/>).</summary>
    public static AnalysisResult Analyze(string path) => Analyze(path, AnalysisOptions.Default);

    /// <summary>Reads the capture at <paramref name="path"/> to the end (bad packets are reported and read past).</summary>
    public static AnalysisResult Analyze(string path, AnalysisOptions options)
    {
        using CaptureReader reader = CaptureReader.Open(path);
        return Analyze(reader, options);
    }

    /// <summary>Reads <paramref name="reader"/> to the end, doing everything (<see cref="AnalysisOptions.Default"/>).</summary>
    public static AnalysisResult Analyze(CaptureReader reader) => Analyze(reader, AnalysisOptions.Default);

    /// <summary>Reads <paramref name="reader"/> to the end.</summary>
    public static AnalysisResult Analyze(CaptureReader reader, AnalysisOptions options)
    {
        var none = default(NoObserver);
        return Analyze(reader, options, ref none);
    }

    /// <summary>Reads <paramref name="reader"/> to the end, showing each frame to <paramref name="observer"/> once analysed.</summary>
    public static AnalysisResult Analyze<TObserver>(CaptureReader reader, AnalysisOptions options, ref TObserver observer)
        where TObserver : IPacketObserver, allows ref struct
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        MptcpAnalyzer? analyzer = options.TrackConnections ? new MptcpAnalyzer(options) : null;
        long frames = 0, segments = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames++;
            Subflow? subflow = null;
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out PacketDecodeStatus status))
            {
                segments++;
                subflow = analyzer?.Process(frame.FrameNumber, frame.TimestampNanoseconds, segment);
            }

            observer.OnPacket(frame, analyzer is null
                ? new AnalyzedPacket(status, segment, default, default, subflow, default, default)
                : new AnalyzedPacket(status, segment, analyzer.LastChecks, analyzer.LastFindings, subflow,
                    subflow is null ? default : analyzer.LastDataLevel, subflow is null ? default : analyzer.LastReinjectionOf));
        }

        analyzer?.Complete();
        return new AnalysisResult(frames, segments, reader.Problems, analyzer);
    }

    private struct NoObserver : IPacketObserver
    {
        public readonly void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
        }
    }
}
