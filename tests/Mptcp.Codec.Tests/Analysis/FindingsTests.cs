using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// Expert findings (issue 14): each kind on a capture that shows it (samples/captures/findings, real captures with one
/// edit each, made by make-findings.py; the frames are those its README names), and none on the real captures.
/// </summary>
public sealed class FindingsTests
{
    public static TheoryData<string, string[], string[]> Crafted() => new()
    {
        { "echoed-key-mismatch", ["3 client echoed_key_mismatch"], [] },
        { "missing-algorithm", ["1 client missing_algorithm", "2 server missing_algorithm", "3 client missing_algorithm"], [] },
        { "unsupported-algorithm", ["1 client unsupported_algorithm", "2 server unsupported_algorithm", "3 client unsupported_algorithm"], [] },
        // A join naming a token no handshake gave: as Wireshark groups it (a stream of its own), a connection whose
        // handshake is not in the capture, and its finding with it.
        { "unknown-token", ["6 client unknown_token"], [] },
        { "address-id-reused", ["5 client address_id_reused"], [] },

        // The SYN/ACK without MP_CAPABLE: a connection fallen back from the start; the later join to its token (which
        // its handshake never exchanged) is then a join to an unknown token.
        { "fallback", ["2 server fallback"], ["6 client unknown_token"] },

        // Frame 20's mapping claims frame 16's subflow octets, so frame 20's own data lies outside any mapping too.
        { "mapping-conflict", ["20 client mapping_conflict", "20 client missing_mapping"], [] },
        { "missing-mapping", ["12 client missing_mapping"], [] },
        { "infinite-mapping", ["12 client infinite_mapping"], [] },
        { "mp-fail", ["17 server mp_fail"], [] },
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public void EachFindingOnTheCaptureThatShowsIt(string name, string[] inConnection, string[] outside)
    {
        AnalysisResult result = MptcpAnalysis.Analyze(Samples.Capture($"findings/{name}.pcap"));
        Assert.Equal(inConnection, result.Connections.SelectMany(c => c.Findings).Select(Text));
        Assert.Equal(outside, result.UnattachedFindings.Select(Text));
        Assert.True(result.HasFindings);
        Assert.Equal(1, Tool.Run("summary", Samples.Capture($"findings/{name}.pcap")).Exit);
    }

    [Theory]
    [InlineData("unexpected-checksum", "unexpected_checksum")]
    [InlineData("missing-checksum", "missing_checksum")]
    public void EveryMappingOfTheWrongChecksumPresenceIsFound(string name, string kind)
    {
        // The A bit of every MP_CAPABLE flipped: each DSS mapping's checksum is now where it should not be, or absent
        // where it should be. Which frames carry mappings, tshark says.
        string path = Samples.Capture($"findings/{name}.pcap");
        IEnumerable<string> mappings = Tshark(path, "tcp.options.mptcp.datalvllen > 0 && tcp.options.mptcp.subtype == 2");
        AnalysisResult result = MptcpAnalysis.Analyze(path);
        Finding[] findings = result.Connections.Single().Findings.ToArray();
        Assert.Equal(mappings, findings.Select(f => f.Frame.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.All(findings, f => Assert.Equal(kind, Output(f.Kind)));
        Assert.True(findings.Length >= 8);
    }

    [Theory]
    [MemberData(nameof(VerificationTestsFiles))]
    public void RealCapturesHaveNone(string path)
    {
        AnalysisResult result = MptcpAnalysis.Analyze(path);
        Assert.Equal(0, result.FindingCount);
        Assert.Equal(0, result.IncompleteHandshakes);
        Assert.Equal(0, result.InvalidOptions); // (mptcp-aa-v1's ADD_ADDR HMAC fails a check: a 2020 kernel's, README)
    }

    public static TheoryData<string> VerificationTestsFiles() => new(
        new[] { "seed-echo.pcap", "v1-csum-ipv4.pcap", "v1-nocsum-ipv4.pcap", "v1-ipv6.pcap", "v1-addaddr-port.pcap", "v1-prio-remove.pcap", "v1-fastclose.pcap" }
            .Select(Samples.Capture)
            .Concat(new[] { "mptcp-v0", "mptcp-v1", "mptcp-aa-v1", "mptcp-fclose", "mptcp-tcprst" }.Select(n => Path.Combine(Samples.TcpdumpTests, n + ".pcap"))));

    [Fact]
    public void ReadVerifyMarksAFindingInlineAndSummaryListsIt()
    {
        string path = Samples.Capture("findings/missing-mapping.pcap");
        (int exit, string output, _) = Tool.Run("read", path, "--verify");
        Assert.Equal(1, exit);
        string[] marked = output.Split('\n').Where(l => l.Contains("[finding ", StringComparison.Ordinal)).ToArray();
        Assert.StartsWith("   12  ", Assert.Single(marked), StringComparison.Ordinal);
        Assert.EndsWith(" [finding missing_mapping]", marked[0], StringComparison.Ordinal);

        Assert.Contains("  finding frame 12 client: missing_mapping\n", Tool.Run("summary", path).Output, StringComparison.Ordinal);
        using var json = System.Text.Json.JsonDocument.Parse(Tool.Run("summary", path, "--format", "json").Output);
        System.Text.Json.JsonElement finding = Assert.Single(json.RootElement.GetProperty("connections")[0].GetProperty("findings").EnumerateArray());
        Assert.Equal((12, "client", "missing_mapping"), (finding.GetProperty("frame").GetInt32(), finding.GetProperty("from").GetString(), finding.GetProperty("kind").GetString()));
        Assert.Equal(1, json.RootElement.GetProperty("finding_count").GetInt32());
    }

    private static string Text(Finding f) => $"{f.Frame} {(f.Side == Side.Client ? "client" : "server")} {Output(f.Kind)}";

    /// <summary>The tool's word for a kind (snake_case of the enum name).</summary>
    private static string Output(FindingKind kind) => kind == FindingKind.Fail ? "mp_fail"
        : string.Concat(kind.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private static string[] Tshark(string path, string filter) =>
        ExternalTool.Lines("tshark", ["-n", "-r", path, "-Y", filter, "-T", "fields", "-e", "frame.number"]);
}
