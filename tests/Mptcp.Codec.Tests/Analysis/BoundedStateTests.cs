using System;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// State that stays bounded (issue 14): a SYN flood of MP_CAPABLE SYNs with the seed's session spread through it
/// (benchmarks/make-syn-flood.py). The flow table never holds more than the cap of pending subflows, the flood is one
/// count, and the session whose handshake completed is found with its keys verified.
/// </summary>
public sealed class BoundedStateTests
{
    [Fact]
    public void ASynFloodIsCountedInBoundedStateAndTheRealConnectionSurvives()
    {
        const int packets = 40_000, cap = 512;
        string path = Path.Combine(Path.GetTempPath(), $"flood-{Guid.NewGuid():N}.pcap");
        ExternalTool.Run("python3", [Path.Combine(Samples.Root, "benchmarks", "make-syn-flood.py"), $"{packets}", path]);

        try
        {
            (MptcpAnalyzer analyzer, int mostTracked) = Analyze(path, new AnalysisOptions { MaxPendingSubflows = cap, KeepData = false });

            // The seed's session: one connection, its keys' tokens checked against its joins (SeedVectors).
            MptcpConnection connection = Assert.Single(analyzer.Connections);
            Assert.Equal((SeedVectors.ClientKey, SeedVectors.ServerKey), (connection.ClientKey, connection.ServerKey));
            Assert.Equal((2, 0), (analyzer.Totals().Token.Checked, analyzer.Totals().Token.Failed));

            // 40,000 frames less the seed's 19 are flood SYNs, none answered; the seed's own SYN waited behind 2,000
            // of them and was evicted before its SYN/ACK came, so it is counted too (its connection is still found,
            // from the keys of its third ACK).
            Assert.Equal(packets - 19 + 1, analyzer.IncompleteHandshakes);
            Assert.InRange(mostTracked, cap, cap + connection.Subflows.Count + 1);
            Assert.True(analyzer.EvictedSubflows >= packets - 19 - cap, $"{analyzer.EvictedSubflows} evicted");

            // By capture time instead: SYNs come 1 µs apart, so with a 2 ms idle timeout about 2,000 wait at a time.
            (analyzer, mostTracked) = Analyze(path, new AnalysisOptions { MaxPendingSubflows = 1_000_000, PendingTimeout = TimeSpan.FromMilliseconds(2), KeepData = false });
            Assert.InRange(mostTracked, 1_900, 2_100);
            Assert.Single(analyzer.Connections);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (MptcpAnalyzer Analyzer, int MostTracked) Analyze(string path, AnalysisOptions options)
    {
        var analyzer = new MptcpAnalyzer(options);
        int mostTracked = 0;
        using (CaptureReader reader = CaptureReader.Open(path))
        {
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                Assert.True(PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _));
                analyzer.Process(frame.FrameNumber, frame.TimestampNanoseconds, segment);
                mostTracked = Math.Max(mostTracked, analyzer.TrackedSubflows);
            }
        }

        analyzer.Complete();
        return (analyzer, mostTracked);
    }
}
