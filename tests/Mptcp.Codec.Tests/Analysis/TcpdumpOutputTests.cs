using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>Every TCP line of tcpdump's MPTCP test captures, as its expected .out text has it.</summary>
public sealed partial class TcpdumpOutputTests
{
    [Theory]
    [InlineData("mptcp-v0")]
    [InlineData("mptcp-v1")]
    [InlineData("mptcp-aa-v1")]
    [InlineData("mptcp-fclose")]
    [InlineData("mptcp-tcprst")]
    public void EveryTcpLineEqualsTcpdumpsExpectedOutput(string name)
    {
        Dictionary<long, string> expected = File.ReadLines(Path.Combine(Samples.TcpdumpTests, name + ".out"))
            .Select(line => PacketNumber().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Value);
        using CaptureReader reader = CaptureReader.Open(Path.Combine(Samples.TcpdumpTests, name + ".pcap"));
        var line = new TcpdumpLine();
        int compared = 0, mptcpOptions = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                continue;
            }

            string ours = line.Format(frame.FrameNumber, frame.TimestampNanoseconds, segment).TrimEnd('\n').ToString();
            // tcpdump may add an application's text (": SSH: …") after the length; we stop at the length.
            string theirs = TrailingPayloadText().Replace(expected[frame.FrameNumber], string.Empty);
            Assert.Equal(theirs, ours);
            compared++;
            mptcpOptions += Regex.Count(ours, "mptcp ");
        }

        Assert.Empty(reader.Problems);
        Assert.True(compared > 0 && mptcpOptions > 0, $"{compared} lines, {mptcpOptions} MPTCP options");
    }

    [GeneratedRegex(@"^\s*(\d+)\s+.*$")]
    private static partial Regex PacketNumber();

    /// <summary>tcpdump's application text after the length (": SSH: …"), which the listing does not print.</summary>
    [GeneratedRegex(@"(?<=, length \d+): .*$")]
    internal static partial Regex TrailingPayloadText();
}
