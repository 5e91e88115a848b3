using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mptcp.Codec.Tests.Analysis;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// Headers cut by the snap length, read as far as they go: captures cut by editcap at every length from the end of
/// the IP header on, listed by <c>read</c> and by tcpdump, line for line; and the cut marked, not called malformed,
/// in the JSON and the summary.
/// </summary>
public sealed partial class SnapLengthTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-snap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Each capture from the first length that keeps its IP header whole (link header + 20) to past its longest TCP header.</summary>
    [Theory]
    [InlineData("v1-csum-ipv4.pcap", 34, 110)] // Ethernet, timestamps and MPTCP options, cut option by option
    [InlineData("v1-addaddr-port.pcap", 34, 110)]
    [InlineData("seed-echo.pcap", 20, 100)] // raw IPv4
    public void EveryLineOfACutCaptureEqualsTcpdumps(string name, int from, int to)
    {
        int lines = 0, cutInOptions = 0, cutInFixedHeader = 0;
        for (int snap = from; snap <= to; snap++)
        {
            string cut = Path.Combine(_folder, $"s{snap}.pcap");
            ExternalTool.Run("editcap", ["-F", "pcap", "-s", snap.ToString(System.Globalization.CultureInfo.InvariantCulture), Samples.Capture(name), cut]);
            string[] theirs = ExternalTool.Lines("tcpdump", ["-#", "-n", "-tttt", "-r", cut]);
            (int exit, string output, _) = Tool.Run("read", cut);
            Assert.Equal(0, exit);
            // tcpdump 4.99.3 predates the MP_CAPABLE flags list that current tcpdump prints (docs/peers.md §1).
            string[] ours = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => CapableFlags().Replace(l, string.Empty)).ToArray();
            Assert.Equal(theirs.Length, ours.Length);
            for (int i = 0; i < theirs.Length; i++)
            {
                string expected = TcpdumpOutputTests.TrailingPayloadText().Replace(PayloadCut().Replace(theirs[i], string.Empty), string.Empty);
                Assert.True(expected == ours[i], $"snap length {snap}:\n  tcpdump: {expected}\n  ours:    {ours[i]}");
                cutInOptions += expected.Contains("options [", StringComparison.Ordinal) && expected.Contains("[|", StringComparison.Ordinal) ? 1 : 0;
                cutInFixedHeader += expected.EndsWith(": [|tcp]", StringComparison.Ordinal) || expected.EndsWith(":  [|tcp]", StringComparison.Ordinal) ? 1 : 0;
            }

            lines += theirs.Length;
        }

        // The lengths tried must cut headers both ways, or the comparison proved nothing about cuts.
        Assert.True(cutInOptions > 0 && cutInFixedHeader > 0, $"{lines} lines: {cutInOptions} cut in the options, {cutInFixedHeader} in the fixed header");
    }

    [Fact]
    public void ACutHeaderIsMarkedInTheJsonAndCountedAsCutNotMalformed()
    {
        const int Snap = 70; // Ethernet 14 + IPv4 20: 36 octets of each TCP header
        const int Captured = Snap - 14 - 20;
        string full = Samples.Capture("v1-csum-ipv4.pcap");
        string cut = Path.Combine(_folder, "s70.pcap");
        ExternalTool.Run("editcap", ["-F", "pcap", "-s", Snap.ToString(System.Globalization.CultureInfo.InvariantCulture), full, cut]);
        // tshark on the whole capture says how long each header is.
        int[] headerLengths = ExternalTool.Lines("tshark", ["-r", full, "-T", "fields", "-e", "tcp.hdr_len"]).Select(int.Parse).ToArray();
        int cutHeaders = headerLengths.Count(h => h > Captured);
        Assert.True(cutHeaders > 0);

        (int exit, string output, _) = Tool.Run("read", "--format", "json", cut);
        Assert.Equal(0, exit);
        int marked = 0;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var packet = JsonDocument.Parse(line);
            JsonElement root = packet.RootElement;
            int header = headerLengths[root.GetProperty("frame").GetInt32() - 1];
            Assert.False(root.TryGetProperty("option_block_error", out _), line);
            if (header > Captured)
            {
                JsonElement mark = root.GetProperty("header_cut");
                Assert.Equal((Captured, header), (mark.GetProperty("captured").GetInt32(), mark.GetProperty("header_length").GetInt32()));
                marked++;
            }
            else
            {
                Assert.False(root.TryGetProperty("header_cut", out _), line);
            }
        }

        Assert.True(marked > 0);
        (_, string summary, _) = Tool.Run("summary", "--format", "json", cut);
        using var result = JsonDocument.Parse(summary);
        Assert.Equal((cutHeaders, 0), (result.RootElement.GetProperty("cut_headers").GetInt32(), result.RootElement.GetProperty("malformed_option_blocks").GetInt32()));
    }

    /// <summary>The MP_CAPABLE flags list of current tcpdump (<c> flags [AH]</c>), which 4.99.3 does not print.</summary>
    [GeneratedRegex(@" flags \[[A-H]*\]")]
    private static partial Regex CapableFlags();

    /// <summary>tcpdump's mark of a payload it could not decode to the end (<c> [|ssh]</c>), after the length.</summary>
    [GeneratedRegex(@"(?<=, length \d+) \[\|\w+\]$")]
    private static partial Regex PayloadCut();
}
