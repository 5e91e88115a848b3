using System;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The analysis (verification, findings, data-level fields) allocates nothing per packet beyond the reinjection index
/// (issue 14): without it, ten times the packets over the same connections cost what the connections cost; with it,
/// the difference is the index's ranges (40 octets each, in a list that doubles). The traces are synth's, with
/// checksums.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class AnalysisAllocationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-alloc-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TenTimesThePacketsOfTheSameConnectionsAllocateNoMore()
    {
        string small = Synth(4_000), large = Synth(40_000);
        var noIndex = new AnalysisOptions { KeepData = false, FindReinjections = false };
        Allocated(small, noIndex);
        long once = Allocated(small, noIndex), tenTimes = Allocated(large, noIndex);
        // A per-packet cost of one octet would add 36,000; the runtime's own first uses vary by a few hundred (86,400 and
        // 86,400 here once, 88,144 and 88,400 in a fresh clone).
        Assert.True(Math.Abs(tenTimes - once) < 4096, $"{once} B for 4,000 packets, {tenTimes} B for 40,000");

        var withIndex = new AnalysisOptions { KeepData = false };
        long indexed = Allocated(large, withIndex) - Allocated(small, withIndex);
        Assert.InRange(indexed, 36_000 * 40, 2 * 36_000 * 40 * 2); // the 36,000 more packets' ranges, doubling lists
    }

    private string Synth(int packets)
    {
        string path = Path.Combine(_folder, $"synth-{packets}.pcap");
        Assert.Equal(0, Tool.Run("synth", path, "--connections", "20", "--packets", $"{packets}", "--checksum", "--seed", "7").Exit);
        return path;
    }

    private static long Allocated(string path, AnalysisOptions options)
    {
        byte[] capture = File.ReadAllBytes(path);
        long least = long.MaxValue;
        for (int run = 0; run < 5; run++)
        {
            using var reader = new CaptureReader(new MemoryStream(capture));
            long before = GC.GetAllocatedBytesForCurrentThread();
            AnalysisResult result = MptcpAnalysis.Analyze(reader, options);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(0, result.Verification.TotalFailed);
            Assert.Equal(20, result.Connections.Count);
        }

        return least;
    }
}
