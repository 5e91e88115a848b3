using System;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Cli;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The analysis (verification, findings, data-level fields) allocates nothing per packet (issue 14): ten times the
/// packets over the same connections cost what the connections cost. The traces are synth's, with checksums.
/// </summary>
public sealed class AnalysisAllocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-alloc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TenTimesThePacketsOfTheSameConnectionsAllocateNoMore()
    {
        string small = Synth(4_000), large = Synth(40_000);
        Allocated(small);
        long once = Allocated(small), tenTimes = Allocated(large);
        Assert.True(tenTimes - once < 16 * 1024, $"{once} B for 4,000 packets, {tenTimes} B for 40,000");
    }

    private string Synth(int packets)
    {
        string path = Path.Combine(_folder, $"synth-{packets}.pcap");
        Assert.Equal(0, Tool.Run("synth", path, "--connections", "20", "--packets", $"{packets}", "--checksum", "--seed", "7").Exit);
        return path;
    }

    private static long Allocated(string path)
    {
        byte[] capture = File.ReadAllBytes(path);
        long least = long.MaxValue;
        for (int run = 0; run < 3; run++)
        {
            using var reader = new CaptureReader(new MemoryStream(capture));
            long before = GC.GetAllocatedBytesForCurrentThread();
            AnalysisResult result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false });
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(0, result.Verification.TotalFailed);
            Assert.Equal(20, result.Connections.Count);
        }

        return least;
    }
}
