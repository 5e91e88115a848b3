using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Tests.Support;
using Xunit;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// Inputs that once hung or crashed a command, or got a wrong or missing answer: each command ends within a time
/// limit, exits 0, 1 or 2, and says in one line what was wrong.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-bad-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every capture command, writing what it writes into the test's folder.</summary>
    private IEnumerable<string[]> Commands(string input) =>
    [
        ["read", input], ["read", input, "--verify"], ["read", input, "--format", "json"], ["summary", input],
        ["summary", input, "--format", "json"], ["stats", input], ["read", input, "--format", "parquet", "-o", Path.Combine(_folder, "out.parquet")],
        ["plot", input, "-o", Path.Combine(_folder, "out.svg")],
    ];

    private static (int Exit, string Output, string Error) Bounded(params string[] args)
    {
        var run = BoundedTool.Run(Limit, args);
        Assert.True(run is not null, $"mptcp-dump {string.Join(' ', args)} did not end within {Limit.TotalSeconds} s");
        Assert.Null(BoundedTool.Misbehaviour(run.Value));
        return run.Value;
    }

    [Fact]
    public void A_timestamps_option_of_length_zero_ends_every_command()
    {
        // The seed's echo session, byte for byte, but for one ACK of the established connection whose options, NOP,
        // NOP, timestamps, now give the timestamps option a length octet of 0: 01 01 08 00 … . tcpdump ends that
        // packet's option list with [bad opt]; every command must read past it to the end of the file.
        byte[] capture = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        var acks = new List<int>();
        foreach ((int frame, int at) in Records(capture))
        {
            int tcp = at + 16 + (capture[at + 16] & 0x0F) * 4;
            if (frame > 3 && capture[tcp + 13] == 0x10 && capture.AsSpan(tcp + 20, 4).SequenceEqual(new byte[] { 1, 1, 8, 10 }))
            {
                acks.Add(tcp + 23);
            }
        }

        Assert.NotEmpty(acks);
        foreach (int lengthOctet in acks)
        {
            byte[] damaged = (byte[])capture.Clone();
            damaged[lengthOctet] = 0;
            string input = Path.Combine(_folder, "ts-length-0.pcap");
            File.WriteAllBytes(input, damaged);
            foreach (string[] args in Commands(input))
            {
                (int exit, _, _) = Bounded(args);
                Assert.InRange(exit, 0, 1);
            }

            // The damage is counted, not dropped: the summary says one block could not be walked, and tcpdump agrees.
            (_, string summary, _) = Bounded("summary", input);
            Assert.Contains("malformed TCP option blocks: 1", summary);
            string tcpdump = ExternalTool.Run("tcpdump", ["-nr", input]);
            Assert.Single(tcpdump.Split('\n'), l => l.Contains("[bad opt]"));
        }
    }

    [Fact]
    public void A_subflow_left_pending_and_a_time_that_goes_back_end_every_command()
    {
        // The seed's third ACK with 01 01 08 00: its MP_CAPABLE is behind the damage, so the connection never forms
        // and its subflow waits in the pending table; the join SYN (frame 10) then comes 200 s "before" it, as in
        // files merged from several interfaces or a clock stepped back. stats, summary, --verify, JSON and plot used
        // to turn forever here while plain read ended.
        byte[] capture = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        foreach ((int frame, int at) in Records(capture))
        {
            if (frame == 3)
            {
                int options = at + 16 + (capture[at + 16] & 0x0F) * 4 + 20;
                Assert.Equal(new byte[] { 1, 1, 8, 10 }, capture[options..(options + 4)]);
                capture[options + 3] = 0;
            }
            else if (frame == 10)
            {
                BitConverter.TryWriteBytes(capture.AsSpan(at), BitConverter.ToUInt32(capture, at) - 200);
            }
        }

        string input = Path.Combine(_folder, "pending-time-back.pcap");
        File.WriteAllBytes(input, capture);
        foreach (string[] args in Commands(input))
        {
            (int exit, _, _) = Bounded(args);
            Assert.InRange(exit, 0, 2);
        }

        (_, string stats, _) = Bounded("stats", input);
        Assert.StartsWith("19 frames, 19 TCP segments, 0 MPTCP connection(s)", stats);
    }

    [Fact]
    public void A_truncated_zstd_capture_is_one_line_and_what_was_read()
    {
        string whole = Path.Combine(_folder, "seed.pcap.zst");
        ExternalTool.Run("zstd", ["-q", "-f", Samples.Capture("seed-echo.pcap"), "-o", whole]);
        string cut = Path.Combine(_folder, "t.zst");
        File.WriteAllBytes(cut, File.ReadAllBytes(whole)[..30]);
        foreach (string[] args in Commands(cut))
        {
            (int exit, _, string error) = Bounded(args);
            Assert.Equal(2, exit);
            Assert.Matches(@"^mptcp-dump: .*t\.zst: the file's gzip or zstd data is damaged or cut before any of the capture came out of it\n$", error);
        }

        // Cut in its last block: the frames before the damage are read, and the damage is said once, where it is.
        string bulk = Path.Combine(_folder, "bulk.pcap.zst");
        ExternalTool.Run("zstd", ["-q", "-f", "--zstd=wlog=10", "-B4096", Samples.Capture("v1-csum-bulk.pcap"), "-o", bulk]);
        byte[] compressed = File.ReadAllBytes(bulk);
        string partial = Path.Combine(_folder, "partial.zst");
        File.WriteAllBytes(partial, compressed[..(compressed.Length * 3 / 4)]);
        (int readExit, string listing, string readError) = Bounded("read", partial);
        Assert.Equal(0, readExit);
        Assert.InRange(listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 10, 51);
        Assert.Matches(@"^mptcp-dump: .*partial\.zst: offset \d+, frame \d+: the file's gzip or zstd data is damaged here; reading stops, after every frame before it\n$", readError);
        Bounded("read", partial, "--format", "parquet", "-o", Path.Combine(_folder, "partial.parquet"));
        Assert.True(new FileInfo(Path.Combine(_folder, "partial.parquet")).Length > 0);
    }

    [Fact]
    public void An_empty_file_name_is_named()
    {
        foreach (string[] args in Commands(""))
        {
            (int exit, _, string error) = Bounded(args);
            Assert.Equal(2, exit);
            Assert.Equal("mptcp-dump: an empty file name: name a capture file, or - for standard input\n", error);
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task Two_pass_commands_read_a_fifo_and_a_process_substitution()
    {
        string seed = Samples.Capture("seed-echo.pcap");
        (_, string expected, _) = Bounded("read", seed, "--format", "json");
        (_, string expectedConnection, _) = Bounded("read", seed, "--connection", "1");

        string fifo = Path.Combine(_folder, "f");
        ExternalTool.Run("mkfifo", [fifo]);
        foreach (string[] args in new[] { new[] { "read", fifo, "--format", "json" }, ["read", fifo, "--connection", "1"] })
        {
            var writer = new System.Threading.Thread(() => File.WriteAllBytes(fifo, File.ReadAllBytes(seed))) { IsBackground = true };
            writer.Start();
            (int exit, string output, string error) = Bounded(args);
            Assert.True(writer.Join(Limit));
            Assert.Equal((0, ""), (exit, error));
            Assert.Equal(args[2] == "--format" ? expected : expectedConnection, output);
        }

        // bash's <(…) is a pipe at /dev/fd/N: the tool as a process, as a shell runs it.
        string tool = Path.Combine(AppContext.BaseDirectory, "mptcp-dump.dll");
        var start = new ProcessStartInfo("bash", ["-c", "exec dotnet \"$0\" read <(cat \"$1\") --format json", tool, seed])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process shell = Process.Start(start)!;
        var stdout = shell.StandardOutput.ReadToEndAsync();
        string stderr = await shell.StandardError.ReadToEndAsync().WaitAsync(Limit);
        await shell.WaitForExitAsync().WaitAsync(Limit);
        Assert.Equal((0, ""), (shell.ExitCode, stderr));
        Assert.Equal(expected, (await stdout).ReplaceLineEndings("\n"));

        // Standard input with --connection is read twice too: copied once, then filtered like the file.
        var piped = new ProcessStartInfo("dotnet", [tool, "read", "-", "--connection", "1"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process filter = Process.Start(piped)!;
        await filter.StandardInput.BaseStream.WriteAsync(File.ReadAllBytes(seed));
        filter.StandardInput.Close();
        var filtered = filter.StandardOutput.ReadToEndAsync();
        string filterErrors = await filter.StandardError.ReadToEndAsync().WaitAsync(Limit);
        await filter.WaitForExitAsync().WaitAsync(Limit);
        Assert.Equal((0, ""), (filter.ExitCode, filterErrors));
        Assert.Equal(expectedConnection, (await filtered).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Gzip_magic_then_garbage_is_one_true_line()
    {
        string input = Path.Combine(_folder, "bad.gz");
        File.WriteAllBytes(input, [0x1F, 0x8B, .. "not gzip data at all, only text that follows gzip's magic"u8]);
        (int exit, _, string error) = Bounded("stats", input);
        Assert.Equal(2, exit);
        Assert.EndsWith("bad.gz: the file's gzip or zstd data is damaged or cut before any of the capture came out of it\n", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async System.Threading.Tasks.Task Plot_reads_as_the_other_commands_do()
    {
        string svg = Path.Combine(_folder, "p.svg");
        (int exit, _, string error) = Bounded("plot", _folder, "-o", svg);
        Assert.Equal((2, $"mptcp-dump: {_folder}: is a directory, not a capture file\n"), (exit, error));
        Assert.Equal((2, "mptcp-dump: /dev/null: empty file, or shorter than a capture's file header\n"), Pick(Bounded("plot", "/dev/null", "-o", svg)));
        Assert.Equal((2, "mptcp-dump: /dev/zero: not a pcap or pcapng file\n"), Pick(Bounded("plot", "/dev/zero", "-o", svg)));

        // Standard input, through a real pipe.
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "mptcp-dump.dll"), "plot", "-", "-o", svg])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process tool = Process.Start(start)!;
        tool.StandardInput.BaseStream.Write(File.ReadAllBytes(Samples.Capture("seed-echo.pcap")));
        tool.StandardInput.Close();
        var stdout = tool.StandardOutput.ReadToEndAsync();
        string stderr = await tool.StandardError.ReadToEndAsync().WaitAsync(Limit);
        await tool.WaitForExitAsync().WaitAsync(Limit);
        Assert.Equal((0, ""), (tool.ExitCode, stderr));
        Assert.StartsWith($"{svg}: sequence,", await stdout);
        Assert.Contains("<svg", File.ReadAllText(svg));
    }

    [Fact]
    public void Decode_json_of_a_malformed_block_is_json()
    {
        (int exit, string output, _) = Bounded("decode", "1e0062", "--format", "json");
        Assert.Equal(1, exit);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement problem = json.RootElement.GetProperty("option_block_error");
        // Kind 30 with length octet 0: the block breaks at its first octet.
        Assert.Equal("MalformedTcpOption", problem.GetProperty("status").GetString());
        Assert.Equal(0, problem.GetProperty("offset").GetInt32());
    }

    [Fact]
    public void What_libpcap_refuses_is_read_with_one_warning()
    {
        string seed = Samples.Capture("seed-echo.pcap");
        (_, string expected, _) = Bounded("read", seed);

        // Version 2.5: tcpdump says "unsupported pcap savefile version 2.5"; the records are those of 2.4.
        byte[] bytes = File.ReadAllBytes(seed);
        bytes[6] = 5;
        string v25 = Path.Combine(_folder, "v25.pcap");
        File.WriteAllBytes(v25, bytes);
        Assert.Contains("unsupported pcap savefile version 2.5", ExternalTool.Run("bash", ["-c", "tcpdump -nr \"$0\" 2>&1 || true", v25]));
        (int exit, string output, string error) = Bounded("read", v25);
        Assert.Equal((0, expected), (exit, output));
        Assert.Equal($"mptcp-dump: {v25}: offset 0, frame 1: warning: pcap version 2.5, which libpcap (tcpdump) refuses; read as version 2.4\n", error);

        // Two link types in one pcapng (mergecap of a raw-IP and a Linux cooked capture): libpcap stops at the second.
        string two = Path.Combine(_folder, "two.pcapng");
        ExternalTool.Run("mergecap", ["-F", "pcapng", "-w", two, seed, Samples.Capture("formats/seed-echo-sll.pcap")]);
        Assert.Contains("different from the type of the first interface", ExternalTool.Run("bash", ["-c", "tcpdump -nr \"$0\" 2>&1 || true", two]));
        (exit, output, error) = Bounded("stats", two);
        Assert.Equal(0, exit);
        Assert.StartsWith("38 frames, 38 TCP segments", output);
        Assert.Matches(@"^mptcp-dump: .*two\.pcapng: offset \d+, frame 1: warning: an interface of link type 113 after one of another type, which libpcap \(tcpdump\) refuses; each frame is read with its own interface's link type\n$", error);
    }

    /// <summary>The records of a classic little-endian pcap file read by hand (not by the code under test): frame number and offset.</summary>
    private static IEnumerable<(int Frame, int At)> Records(byte[] capture)
    {
        for (int at = 24, frame = 1; at + 16 <= capture.Length; at += 16 + BitConverter.ToInt32(capture, at + 8), frame++)
        {
            yield return (frame, at);
        }
    }

    private static (int, string) Pick((int Exit, string Output, string Error) run) => (run.Exit, run.Error);
}
