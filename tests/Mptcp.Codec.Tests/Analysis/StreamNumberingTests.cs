using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// Connection numbers equal to Wireshark's <c>mptcp.stream</c> (tshark 4.0 is the oracle, run here on each capture):
/// numbered at the first key, every attempt counted, tokens known from the SYN/ACK, joins grouped by token when the
/// handshake is missing, and joins found in files merged out of time order. The captures that show each case are cut
/// and spliced from kernel captures with editcap and mergecap, so the packets are the kernel's own.
/// </summary>
public sealed class StreamNumberingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-streams-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every capture the repository holds (samples, their variants in other formats and findings, tcpdump's tests, the kernel finding).</summary>
    public static TheoryData<string> RepositoryCaptures()
    {
        var captures = new TheoryData<string>();
        foreach (string folder in new[] { "samples", Path.Combine("tests", "data"), "docs" })
        {
            foreach (string path in Directory.EnumerateFiles(Path.Combine(Samples.Root, folder), "*", SearchOption.AllDirectories)
                .Where(p => p.EndsWith(".pcap", StringComparison.Ordinal) || p.EndsWith(".pcapng", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                captures.Add(Path.GetRelativePath(Samples.Root, path));
            }
        }

        return captures;
    }

    [Theory]
    [MemberData(nameof(RepositoryCaptures))]
    public void StreamEqualsTsharksOnEveryFrameWithAnMptcpOption(string capture)
    {
        string path = Path.Combine(Samples.Root, capture);
        int compared = TsharkDataLevel.AssertStreamsAgree(path, Json(path));
        output.WriteLine($"{capture}: {compared} frames with an MPTCP option, mptcp.stream equal");
    }

    [Fact]
    public void AnUnansweredAttemptBeforeAConnectionTakesANumber()
    {
        // The SYN and SYN/ACK of one kernel connection (its third ACK never comes), then a whole other connection.
        string attempt = Edit(Samples.Capture("v1-csum-ipv4.pcap"), "attempt.pcap", "-r", "1-2");
        string capture = Merge("attempt-then-connection.pcap", attempt, Samples.Capture("v1-nocsum-ipv4.pcap"));
        string[] json = Json(capture);
        TsharkDataLevel.AssertStreamsAgree(capture, json);

        // tshark: the attempt is stream 0 (at its SYN/ACK's key), the connection stream 1.
        Assert.Equal(["0", "1"], TsharkStreams(capture).Values.Where(s => s.Length > 0).Distinct());
        using JsonDocument summary = JsonDocument.Parse(Tool.Run("summary", capture, "--format", "json").Output);
        JsonElement connection = Assert.Single(summary.RootElement.GetProperty("connections").EnumerateArray());
        Assert.Equal((1, 1), (connection.GetProperty("connection").GetInt32(), connection.GetProperty("stream").GetInt32()));
        Assert.Equal(2, summary.RootElement.GetProperty("streams").GetInt32());
        Assert.Contains("connection 1 (mptcp.stream 1): MPTCP v1", Tool.Run("summary", capture).Output, StringComparison.Ordinal);

        // From the first key on, every frame of the connection carries the stream (not only those with an option):
        // all but the connection's own keyless SYN (frame 3).
        List<JsonElement> frames = json.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(frames.Where(f => f.GetProperty("frame").GetInt64() >= 4), f => Assert.Equal(1, f.GetProperty("mptcp").GetProperty("stream").GetInt32()));
        Assert.False(frames.Single(f => f.GetProperty("frame").GetInt64() == 3).TryGetProperty("mptcp", out _));
    }

    [Fact]
    public void JoinsOfAMergedTwoPathCaptureAttachToTheirConnection()
    {
        // One tcpdump per veth path, `mergecap -a` with path 2 first: the join SYN comes before the MP_CAPABLE SYN.
        string capture = Samples.Capture("v1-merged-two-paths.pcap");
        TsharkDataLevel.AssertStreamsAgree(capture, Json(capture));
        AnalysisResult result = MptcpAnalysis.Analyze(capture);
        MptcpConnection connection = Assert.Single(result.Connections);
        Assert.Equal(2, connection.Subflows.Count);
        Subflow join = connection.Subflows[1];
        Assert.True(join.IsJoin);
        Assert.True(join.FirstFrame < connection.Subflows[0].FirstFrame, "the join is first in the file");
        Assert.Equal("10.2.0.1", join.Initiator.Address.ToString());
        Assert.DoesNotContain(connection.Findings, f => f.Kind == FindingKind.UnknownToken);
        Assert.Empty(result.UnattachedFindings);
    }

    [Fact]
    public void JoinsOfATokenWhoseHandshakeWasCutOffAreOneConnection()
    {
        // The kernel capture without its first three frames (SYN, SYN/ACK, third ACK): two joins name one token.
        string capture = Edit(Samples.Capture("v1-csum-ipv4.pcap"), "no-handshake.pcap", "1-3");
        TsharkDataLevel.AssertStreamsAgree(capture, Json(capture));
        Dictionary<long, string> tshark = TsharkStreams(capture);
        AnalysisResult result = MptcpAnalysis.Analyze(capture);
        MptcpConnection partial = Assert.Single(result.Connections, c => !c.HandshakeSeen);
        Assert.Equal(2, partial.Subflows.Count);
        Assert.All(partial.Subflows, s => Assert.True(s.IsJoin));
        Assert.False(partial.KeysKnown);

        // tshark numbers both joins' frames with one stream: the partial connection's.
        Assert.Equal(tshark[partial.Subflows[0].FirstFrame], tshark[partial.Subflows[1].FirstFrame]);
        Assert.Equal(tshark[partial.Subflows[0].FirstFrame], partial.MptcpStream?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("MPTCP (handshake not in the capture)", Tool.Run("summary", capture).Output, StringComparison.Ordinal);
    }

    private static string[] Json(string path) => Tool.Run("read", path, "--format", "json").Output.Split('\n');

    private static Dictionary<long, string> TsharkStreams(string path) =>
        ExternalTool.Lines("tshark", ["-n", "-r", path, "-Y", "tcp.options.mptcp.subtype", "-T", "fields", "-e", "frame.number", "-e", "mptcp.stream"])
            .Select(l => l.Split('\t')).ToDictionary(r => long.Parse(r[0], System.Globalization.CultureInfo.InvariantCulture), r => r[1]);

    /// <summary>editcap: <paramref name="selection"/> names the frames to drop, or with "-r" first, the frames to keep.</summary>
    private string Edit(string input, string name, params string[] selection)
    {
        string result = Path.Combine(_folder, name);
        bool keep = selection[0] == "-r";
        ExternalTool.Run("editcap", [.. keep ? ["-r"] : Array.Empty<string>(), "-F", "pcap", input, result, .. keep ? selection[1..] : selection]);
        return result;
    }

    private string Merge(string name, params string[] inputs)
    {
        string result = Path.Combine(_folder, name);
        ExternalTool.Run("mergecap", ["-a", "-F", "pcap", "-w", result, .. inputs]);
        return result;
    }
}
