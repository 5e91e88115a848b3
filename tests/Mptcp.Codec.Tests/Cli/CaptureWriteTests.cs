using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>read -w OUT</c> writes the frames it read byte for byte; <c>--connection N</c> keeps one MPTCP connection's
/// subflows, which have different 4-tuples (issue 16).
/// </summary>
public sealed class CaptureWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-write-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("v1-csum-ipv4.pcap", "out.pcap")]
    [InlineData("v1-csum-ipv4.pcap", "out.pcapng")]
    [InlineData("formats/seed-echo-two-interfaces.pcapng", "out.pcapng")] // two link types, a packet block without timestamp
    public void WriteKeepsEveryFrameAsRead(string sample, string name)
    {
        string output = Path.Combine(_folder, name);
        Assert.Equal((0, string.Empty, Warning(sample)), Tool.Run("read", Samples.Capture(sample), "-w", output));
        Assert.Equal(Frames(Samples.Capture(sample)), Frames(output));

        // tcpdump (libpcap) reads our file to the same records as the original.
        if (!sample.EndsWith(".pcapng", StringComparison.Ordinal))
        {
            Assert.Equal(Tcpdump(Samples.Capture(sample)), Tcpdump(output));
        }
    }

    /// <summary>What is said of a sample that libpcap refuses: the two-interface pcapng mixes link types 228 and 1.</summary>
    private static string Warning(string sample) => sample.EndsWith("two-interfaces.pcapng", StringComparison.Ordinal)
        ? $"mptcp-dump: {Samples.Capture(sample)}: offset 48, frame 1: warning: an interface of link type 1 after one of another type, which libpcap (tcpdump) refuses; each frame is read with its own interface's link type\n"
        : string.Empty;

    [Fact]
    public void AClassicPcapFileRefusesASecondLinkTypeAndSaysSo()
    {
        string output = Path.Combine(_folder, "out.pcap");
        (int exit, _, string error) = Tool.Run("read", Samples.Capture("formats/seed-echo-two-interfaces.pcapng"), "-w", output);
        Assert.Equal(2, exit);
        Assert.Equal($"{Warning("formats/seed-echo-two-interfaces.pcapng")}mptcp-dump: {output}: 8 frame(s) of another link type not written: a pcap file holds one link type; name the file .pcapng to keep them all\n", error);
        Assert.Equal(11, Frames(output).Count); // frames 1, 3, … 19 and 10 (a simple packet block) of interface 0, link type 228
    }

    [Fact]
    public void ConnectionKeepsOnlyThatConnectionsSubflows()
    {
        // Two kernel captures one after the other (the second's records appended to the first): connection 2 is
        // exactly the second capture's frames, its SYN and SYN/ACK included, though they come before the third ACK
        // that makes it a connection.
        string first = Samples.Capture("v1-csum-ipv4.pcap"), second = Samples.Capture("v1-fastclose.pcap");
        string merged = Path.Combine(_folder, "merged.pcap");
        File.WriteAllBytes(merged, [.. File.ReadAllBytes(first), .. File.ReadAllBytes(second).AsSpan(24)]);
        string output = Path.Combine(_folder, "connection2.pcap");
        Assert.Equal((0, string.Empty, string.Empty), Tool.Run("read", merged, "--connection", "2", "-w", output));
        Assert.Equal(Frames(second), Frames(output));

        // Connection 1 has three subflows (the initial one, a join, and the join the kernel refused by address).
        Assert.Equal(0, Tool.Run("read", merged, "--connection", "1", "-w", output).Exit);
        Assert.Equal(Frames(first), Frames(output));

        // Listing: only connection 2's lines.
        string[] lines = Tool.Run("read", merged, "--connection", "2").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Frames(second).Count, lines.Length);
        Assert.Equal((2, "mptcp-dump: " + merged + ": no MPTCP connection 3: the capture has 2 (numbered from 1, as summary numbers them)\n"),
            (Tool.Run("read", merged, "--connection", "3").Exit, Tool.Run("read", merged, "--connection", "3").Error));
    }

    private static List<(long, uint, string)> Frames(string path)
    {
        var frames = new List<(long, uint, string)>();
        using CaptureReader reader = CaptureReader.Open(path);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames.Add((frame.TimestampNanoseconds, frame.OriginalLength, Convert.ToHexString(frame.Data)));
        }

        Assert.DoesNotContain(reader.Problems, p => !p.IsWarning);
        return frames;
    }

    /// <summary>tcpdump -r FILE -w -: libpcap's records of a file, without its file header.</summary>
    private static byte[] Tcpdump(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("tcpdump", ["-r", path, "-w", "-"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var tcpdump = System.Diagnostics.Process.Start(start)!;
        using var records = new MemoryStream();
        tcpdump.StandardOutput.BaseStream.CopyTo(records);
        tcpdump.StandardError.ReadToEnd();
        tcpdump.WaitForExit();
        Assert.Equal(0, tcpdump.ExitCode);
        return records.ToArray()[24..];
    }
}
