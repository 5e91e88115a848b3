using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The three counts of data sent again on another subflow (<see cref="ReinjectionCounts"/>) and Wireshark's rule for a
/// TCP retransmission of data another subflow carried too, against ranges worked out from tshark's own fields: each
/// data frame's DSN range is its DSS mapping's DSN plus its offset in the mapping (tcp.seq − subflowseqno), and a
/// TCP retransmission is what tshark's sequence analysis flags.
/// </summary>
public sealed class ReinjectionCountsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("v1-stall-reinject.pcap")]
    [InlineData("v1-loss-reinject.pcap")]
    [InlineData("v1-loss-tshark-dsn.pcap")]
    [InlineData("v1-loss-tshark-stale-end.pcap")]
    public void EachCountIsWhatItsDefinitionSays(string name)
    {
        string path = Samples.Capture(name);
        List<Range> ranges = Ranges(path);
        var earlier = ranges.ToDictionary(r => r.Frame, r => ranges.Where(o => o.Frame < r.Frame && o.Stream != r.Stream && o.FromServer == r.FromServer && o.Start < r.End && r.Start < o.End).Select(o => o.Frame).ToList());
        MptcpConnection connection = Assert.Single(MptcpAnalysis.Analyze(path).Connections);
        ReinjectionCounts counts = connection.Reinjections;
        Assert.Equal(earlier.Values.Sum(e => e.Count), counts.Pairs);
        Assert.Equal(earlier.Count(e => e.Value.Count > 0), counts.Frames);
        Assert.Equal(ranges.Count(r => r.TcpRetransmission && earlier[r.Frame].Count > 0), counts.TcpRetransmissions);
        Assert.Equal(connection.Subflows.Sum(s => s.FromInitiator.ReinjectedSegments + s.FromListener.ReinjectedSegments), counts.MptcpResends);
        output.WriteLine($"{name}: {counts.Frames} frames, {counts.Pairs} pairs, {counts.MptcpResends} MPTCP re-sends, {counts.TcpRetransmissions} TCP retransmissions");
    }

    [Fact]
    public void A_TCP_retransmission_of_data_another_subflow_carried_is_a_reinjection_of_it()
    {
        // Data sent on subflow A, reinjected on B, then retransmitted by TCP on A: the retransmission names B's frame
        // (and only frames of other subflows), and B's frame names it in reinjected_in, as in Wireshark.
        string path = Samples.Capture("v1-stall-reinject.pcap");
        List<Range> ranges = Ranges(path);
        Dictionary<long, JsonElement> json = Tool.Run("read", path, "--format", "json").Output.Split('\n')
            .Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).Where(o => o.TryGetProperty("mptcp", out _))
            .ToDictionary(o => o.GetProperty("frame").GetInt64(), o => o.GetProperty("mptcp"));
        int cases = 0;
        foreach (Range c in ranges.Where(r => r.TcpRetransmission))
        {
            var overlapping = ranges.Where(o => o.Frame < c.Frame && o.FromServer == c.FromServer && o.Start < c.End && c.Start < o.End).ToList();
            long[] others = [.. overlapping.Where(o => o.Stream != c.Stream).Select(o => o.Frame)];
            if (others.Length == 0 || !overlapping.Any(o => o.Stream == c.Stream))
            {
                continue;
            }

            cases++;
            Assert.Equal(others, List(json[c.Frame], "reinjection_of"));
            Assert.All(others, b => Assert.Contains(c.Frame, List(json[b], "reinjected_in")));
        }

        Assert.True(cases >= 40, $"{cases} TCP retransmissions of data another subflow carried before");
        output.WriteLine($"{cases} TCP retransmissions whose data another subflow carried too: each a reinjection of those frames");
    }

    private static long[] List(JsonElement mptcp, string name) =>
        mptcp.TryGetProperty(name, out JsonElement list) ? [.. list.EnumerateArray().Select(f => f.GetInt64())] : [];

    private sealed record Range(long Frame, string Stream, bool FromServer, ulong Start, ulong End, bool TcpRetransmission);

    private static List<Range> Ranges(string path) =>
        ExternalTool.Lines("tshark", ["-n", "-r", path, "-Y", "tcp.len > 0 && tcp.options.mptcp.rawdataseqno", "-T", "fields",
                "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.srcport", "-e", "tcp.len", "-e", "tcp.seq", "-e", "tcp.options.mptcp.subflowseqno", "-e", "tcp.options.mptcp.rawdataseqno",
                "-e", "tcp.analysis.retransmission", "-e", "tcp.analysis.fast_retransmission", "-e", "tcp.analysis.spurious_retransmission", "-e", "tcp.analysis.out_of_order"])
            .Select(l => l.Split('\t'))
            .Select(f =>
            {
                ulong start = ulong.Parse(f[6].Split(',')[0], CultureInfo.InvariantCulture) + uint.Parse(f[4], CultureInfo.InvariantCulture) - uint.Parse(f[5].Split(',')[0], CultureInfo.InvariantCulture);
                return new Range(long.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2] == "10000", start, start + ulong.Parse(f[3], CultureInfo.InvariantCulture), f[7..].Any(x => x.Length > 0));
            })
            .ToList();
}
