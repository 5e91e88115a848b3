using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// The listing formats batches of 2,048 packets on several threads and writes them in order (cli/Output/Listing):
/// over a capture of several batches, every line must be tcpdump's, in tcpdump's order, and every JSON object in
/// frame order, one for each frame tshark sees an MPTCP option in.
/// </summary>
public sealed class ListingOrderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mptcp-listing-{Guid.NewGuid():N}.pcap");

    public ListingOrderTests()
    {
        // 6,000 frames: 116 repetitions of the kernel's v1-csum-bulk.pcap, from 64 address pairs in turn (RESULTS.md's file, smaller).
        ExternalTool.Run("python3", [Repository.Path("benchmarks", "make-kernel-like.py"), "6000", _path]);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void EveryLineOfSeveralBatchesIsTcpdumpsInTcpdumpsOrder()
    {
        string[] theirs = Tcpdump(_path);
        (int exit, string output, _) = Tool.Run("read", _path);
        string[] ours = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(0, exit);
        Assert.Equal(6000, theirs.Length);
        Assert.Equal(theirs.Length, ours.Length);
        int compared = 0;
        for (int i = 0; i < ours.Length; i++)
        {
            // Debian's tcpdump 4.99.3 words MP_CAPABLE as older tcpdump did (docs/peers.md); every other line is compared.
            if (!theirs[i].Contains("capable", StringComparison.Ordinal))
            {
                Assert.Equal(Analysis.TcpdumpOutputTests.TrailingPayloadText().Replace(theirs[i], string.Empty), ours[i]);
                compared++;
            }
        }

        Assert.True(compared > 5000, $"{compared} lines compared");
    }

    [Fact]
    public void JsonObjectsComeInFrameOrderOneForEachMptcpFrame()
    {
        int expected = ExternalTool.Lines("tshark", ["-r", _path, "-Y", "mptcp || tcp.options.mptcp.subtype", "-T", "fields", "-e", "frame.number"]).Length;
        (int exit, string output, _) = Tool.Run("read", _path, "--format", "json");
        long[] frames = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("frame").GetInt64()).ToArray();

        Assert.Equal(0, exit);
        Assert.Equal(expected, frames.Length);
        Assert.True(frames.Zip(frames.Skip(1)).All(pair => pair.First < pair.Second), "frames out of order");
    }

    /// <summary>tcpdump -# -n -tttt in UTC: the layout read prints.</summary>
    private static string[] Tcpdump(string path) =>
        ExternalTool.Lines("tcpdump", ["-#", "-n", "-tttt", "-r", path], new Dictionary<string, string> { ["TZ"] = "UTC" });
}
