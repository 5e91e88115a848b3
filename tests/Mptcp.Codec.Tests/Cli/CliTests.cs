using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>The real mptcp-dump commands, run in process on the samples.</summary>
public sealed class CliTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args) => Tool.Run(args);

    private static readonly string Seed = Samples.Capture("seed-echo.pcap");

    [Fact]
    public void ReadExplainsTheSeedSession()
    {
        (int exit, string output, _) = Run("read", Seed);
        Assert.Equal(0, exit);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(19, lines.Length);
        Assert.EndsWith("options [nop,nop,TS val 2264350 ecr 1345427636,mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97], length 5", lines[5], StringComparison.Ordinal);
    }

    [Fact]
    public void ReadVerifyMarksChecksInlineAndFailsOnAFlippedByte()
    {
        (int exit, string output, _) = Run("read", Seed, "--verify");
        Assert.Equal(0, exit);
        Assert.Equal(4, output.Split("[dss_checksum ok]").Length - 1);
        Assert.Equal(2, output.Split("[token ok]").Length - 1);

        string flipped = Path.Combine(Path.GetTempPath(), $"seed-flipped-{Guid.NewGuid():N}.pcap");
        byte[] bytes = File.ReadAllBytes(Seed);
        bytes[Array.LastIndexOf(bytes, (byte)'o', FindHelloEnd(bytes))] ^= 0x20; // the first "hello": 'o' becomes 'O'
        File.WriteAllBytes(flipped, bytes);
        try
        {
            (exit, output, _) = Run("read", flipped, "--verify");
            Assert.Equal(1, exit);
            Assert.Single(output.Split('\n'), l => l.Contains("[dss_checksum FAILED]", StringComparison.Ordinal));
            Assert.Equal(1, Run("summary", flipped).Exit);
        }
        finally
        {
            File.Delete(flipped);
        }
    }

    [Fact]
    public void SummaryReportsAnInvalidOptionAndFails()
    {
        // The seed's first DSS (1e14 2005 …): flags 0x05 → 0x07 says the data ack has 8 octets, so 20 is a bad length.
        using var bent = new BentSeed(octet: 3, value: 0x07);
        (int exit, string output, _) = Run("summary", bent.Path);
        Assert.Equal(1, exit);
        Assert.Contains("invalid MPTCP options: 1\n", output, StringComparison.Ordinal);
        Assert.Contains(": invalid MPTCP option: ", output, StringComparison.Ordinal);
        using JsonDocument json = JsonDocument.Parse(Run("summary", bent.Path, "--format", "json").Output);
        Assert.Equal(1, json.RootElement.GetProperty("invalid_options").GetInt32());
        Assert.Equal(0, JsonDocument.Parse(Run("summary", Seed, "--format", "json").Output).RootElement.GetProperty("invalid_options").GetInt32());
    }

    [Fact]
    public void AMalformedOptionBlockIsCountedAndReportedNotDropped()
    {
        // The seed's first DSS (1e14 2005 …) claims 48 octets: the block (nop,nop,TS,DSS) ends 20 octets after it starts,
        // so the walk stops at the DSS, option-block offset 12, and the DSS is never seen.
        using var bent = new BentSeed(octet: 1, value: 48);
        (int exit, string output, _) = Run("summary", bent.Path);
        Assert.Equal(1, exit);
        Assert.Contains("malformed TCP option blocks: 1\n", output, StringComparison.Ordinal);
        Assert.Contains("frame 6 client: malformed TCP option block: ", output, StringComparison.Ordinal);

        using JsonDocument summary = JsonDocument.Parse(Run("summary", bent.Path, "--format", "json").Output);
        Assert.Equal(1, summary.RootElement.GetProperty("malformed_option_blocks").GetInt32());
        JsonElement e = summary.RootElement.GetProperty("connections")[0].GetProperty("events").EnumerateArray().Single(x => x.GetProperty("kind").GetString() == "malformed_option_block");
        Assert.Equal((6, "client", "Truncated", 12), (e.GetProperty("frame").GetInt32(), e.GetProperty("from").GetString(), e.GetProperty("error").GetProperty("status").GetString(), e.GetProperty("error").GetProperty("offset").GetInt32()));

        string sixth = Run("read", bent.Path, "--format", "json").Output.Split('\n').Single(l => l.StartsWith("{\"frame\":6,", StringComparison.Ordinal));
        using JsonDocument packet = JsonDocument.Parse(sixth);
        Assert.Equal(0, packet.RootElement.GetProperty("options").GetArrayLength());
        Assert.Equal(12, packet.RootElement.GetProperty("option_block_error").GetProperty("offset").GetInt32());
        Assert.Equal(0, JsonDocument.Parse(Run("summary", Seed, "--format", "json").Output).RootElement.GetProperty("malformed_option_blocks").GetInt32());
    }

    private static int FindHelloEnd(byte[] bytes) => bytes.AsSpan().IndexOf("hello"u8) + 4;

    [Fact]
    public void ReadJsonHasOneObjectPerPacketWithAnMptcpOption()
    {
        (int exit, string output, _) = Run("read", Seed, "--format", "json");
        Assert.Equal(0, exit);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(17, lines.Length); // the two RSTs carry no option
        using JsonDocument sixth = JsonDocument.Parse(lines[5]);
        Assert.Equal(6, sixth.RootElement.GetProperty("frame").GetInt32());
        Assert.Equal("203.250.35.157", sixth.RootElement.GetProperty("src").GetString());
        JsonElement dss = sixth.RootElement.GetProperty("options")[0];
        Assert.Equal("2208729441", dss.GetProperty("rawdataseqno").GetString());
        Assert.Equal(0x9e97, dss.GetProperty("checksum").GetInt32());
    }

    [Fact]
    public void SummaryCountsEveryCheckOfTheSeed()
    {
        (int exit, string output, _) = Run("summary", Seed, "--format", "json");
        Assert.Equal(0, exit);
        using JsonDocument summary = JsonDocument.Parse(output);
        JsonElement verification = summary.RootElement.GetProperty("verification");
        Assert.Equal(4, verification.GetProperty("dss_checksum").GetProperty("checked").GetInt32());
        Assert.Equal(2, verification.GetProperty("token").GetProperty("checked").GetInt32());
        Assert.Equal(2, verification.GetProperty("idsn").GetProperty("checked").GetInt32());
        Assert.Equal(0, verification.GetProperty("dss_checksum").GetProperty("failed").GetInt32());
        Assert.Contains("dss_checksum 4 checked/0 failed/0 unverifiable", Run("summary", Seed).Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeExplainsAnOptionAndABlock()
    {
        Assert.Equal("mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97\n", Run("decode", SeedVectors.DssClientData).Output);
        Assert.Equal("nop\nnop\nTS val 2264350 ecr 1345427636\nmptcp 8 dss ack 4007607362\n", Run("decode", "0101 080a 0022 8d1e 5031 98b4 " + SeedVectors.DssAck4007607362).Output);
        (int exit, string output, _) = Run("decode", "1e07 2005 eedf 3c");
        Assert.Equal(1, exit); // a malformed option is a finding
        Assert.Equal("mptcp 7 dss[bad opt]\n  malformed: byte 1: length is not valid for this subtype and flags\n", output);
        Assert.Equal("mptcp[bad opt]\n  malformed: byte 6: input ends before the option does\n", Run("decode", "1e08 2001 eedf").Output);
    }

    [Fact]
    public void CraftPrintsTheHexOfTheIssuesExample()
    {
        (int exit, string output, _) = Run("craft", "dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97");
        Assert.Equal(0, exit);
        Assert.Equal("1e142005eedf3c4283a689610000000100059e97\n", output);
        Assert.Equal(2, Run("craft", "dss ack").Exit);
    }

    [Fact]
    public void CraftOfDecodeIsTheIdentityOnEveryOptionOfTheSamples()
    {
        int options = 0;
        foreach (string file in Directory.GetFiles(Path.Combine(Samples.Root, "samples", "captures"), "*.pcap"))
        {
            using CaptureReader reader = CaptureReader.Open(file);
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
                {
                    continue;
                }

                foreach (TcpOption option in TcpOptionWalker.MptcpOptions(segment.Options))
                {
                    string hex = Convert.ToHexStringLower(option.Bytes);
                    string text = Run("decode", hex).Output.TrimEnd('\n');
                    Assert.Equal(hex + "\n", Run("craft", text).Output);
                    options++;
                }
            }
        }

        Assert.True(options > 200, $"{options} options");
    }

    [Fact]
    public void StatsCountsTheSeedsOptionsPerSubtype()
    {
        (int exit, string output, _) = Run("stats", Seed);
        Assert.Equal(0, exit);
        Assert.Contains("19 frames, 19 TCP segments, 1 MPTCP connection(s)", output, StringComparison.Ordinal);
        Assert.Matches(@"subtype  0 capable\s+3\n", output);
        Assert.Matches(@"subtype  1 join\s+2\n", output);
        Assert.Matches(@"subtype  2 dss\s+13\n", output);
        Assert.Matches(@"subtype  3 add-addr\s+2\n", output);
        Assert.Contains("connection      1: 3 subflow(s), 20 MPTCP options", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "")]
    [InlineData("1", "--checksum")]
    public void SynthWritesATraceThatVerifiesAndTsharkReadsCleanly(string version, string checksum)
    {
        string path = Path.Combine(Path.GetTempPath(), $"synth-{Guid.NewGuid():N}.pcap");
        try
        {
            string[] args = new[] { "synth", path, "--connections", "5", "--packets", "400", "--version", version, checksum }.Where(a => a.Length > 0).ToArray();
            (int exit, string output, _) = Run(args);
            Assert.Equal(0, exit);
            Assert.Contains("400 packets", output, StringComparison.Ordinal);
            (exit, output, _) = Run("summary", path, "--format", "json");
            Assert.Equal(0, exit);
            using JsonDocument summary = JsonDocument.Parse(output);
            Assert.Equal(5, summary.RootElement.GetProperty("connections").GetArrayLength());
            JsonElement verification = summary.RootElement.GetProperty("verification");
            foreach (string kind in new[] { "token", "join_hmac", "idsn" })
            {
                Assert.Equal(0, verification.GetProperty(kind).GetProperty("failed").GetInt32());
                Assert.True(verification.GetProperty(kind).GetProperty("checked").GetInt32() >= 5, kind);
            }

            Assert.Equal(checksum.Length > 0, verification.GetProperty("dss_checksum").GetProperty("checked").GetInt32() > 0);
            Assert.Equal(version == "1", verification.GetProperty("add_addr_hmac").GetProperty("checked").GetInt32() == 5);
            string expert = RunTool("tshark", "-r", path, "-q", "-z", "expert");
            Assert.DoesNotContain("Malformed", expert, StringComparison.Ordinal);
            Assert.DoesNotContain("Warns", expert, StringComparison.Ordinal);
            Assert.DoesNotContain("Errors", expert, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BadUsageAndUnreadableInputExitWithTwoAndOneLine()
    {
        Assert.Equal(2, Run("read").Exit);
        Assert.Equal(2, Run("bogus").Exit);
        (int exit, _, string error) = Run("read", "/nonexistent/file.pcap");
        Assert.Equal(2, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("/nonexistent/file.pcap", error, StringComparison.Ordinal);
        (exit, _, error) = Run("summary", Path.Combine(Samples.Root, "README.md"));
        Assert.Equal(2, exit);
        Assert.EndsWith("README.md: not a pcap or pcapng file\n", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableInputsSayWhatIsWrongInWordsAndExitWithTwo()
    {
        string empty = Path.Combine(Path.GetTempPath(), $"empty-{Guid.NewGuid():N}.pcap");
        File.WriteAllBytes(empty, []);
        try
        {
            foreach (string command in new[] { "read", "summary", "stats" })
            {
                Assert.Equal((2, $"mptcp-dump: {empty}: empty file, or shorter than a capture's file header\n"), Outcome(Run(command, empty)));
                Assert.Equal((2, $"mptcp-dump: {Samples.Root}: is a directory, not a capture file\n"), Outcome(Run(command, Samples.Root)));
                Assert.Equal((2, "mptcp-dump: /nonexistent/file.pcap: no such file (a folder on the way does not exist)\n"), Outcome(Run(command, "/nonexistent/file.pcap")));
                Assert.Equal((2, $"mptcp-dump: {Seed}.missing: no such file\n"), Outcome(Run(command, Seed + ".missing")));
            }
        }
        finally
        {
            File.Delete(empty);
        }

        static (int, string) Outcome((int Exit, string Output, string Error) run) => (run.Exit, run.Error);
    }

    [Fact]
    public async System.Threading.Tasks.Task ReadTakesACaptureOnStandardInputAsAPipe()
    {
        // The real tool in its own process, the seed capture written into its standard input (a pipe: not seekable).
        var start = new ProcessStartInfo("dotnet", [typeof(global::Mptcp.Codec.Cli.Cli).Assembly.Location, "read", "-"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process tool = Process.Start(start)!;
        System.Threading.Tasks.Task<string> output = tool.StandardOutput.ReadToEndAsync();
        using (Stream input = tool.StandardInput.BaseStream)
        {
            input.Write(File.ReadAllBytes(Seed));
        }

        string error = await tool.StandardError.ReadToEndAsync();
        await tool.WaitForExitAsync();
        Assert.Equal((0, string.Empty), (tool.ExitCode, error));
        Assert.Equal(Run("read", Seed).Output, await output);
    }

    [Fact]
    public void EveryCommandHasHelpWithAnExample()
    {
        foreach (string command in new[] { "read", "summary", "decode", "craft", "stats", "synth" })
        {
            (int exit, string output, _) = Run(command, "--help");
            Assert.Equal(0, exit);
            Assert.Contains("Example: mptcp-dump " + command, output, StringComparison.Ordinal);
        }

        Assert.Equal(0, Run("--version").Exit);
    }

    [Fact]
    public void DamagedCaptureIsReadToTheEndWithItsProblemOnStderr()
    {
        (int exit, string output, string error) = Run("read", Samples.Capture("formats/seed-echo-garbage.pcapng"));
        Assert.Equal(0, exit);
        Assert.Equal(19, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("offset 1076, frame 10: a damaged pcapng block; reading goes on at the next plausible block", error, StringComparison.Ordinal);
    }

    private static string RunTool(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
