using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// Reinjections (issue 14) on real kernel captures with loss on the initial subflow (samples/captures/LOSS.md, made by
/// make-loss-captures.sh; the kernel's MPTcpExtMPTCPRetrans counted them). Each reinjection we report is checked
/// against tshark's own dissection: the two frames are on different TCP streams, tshark's rawdsn64 ranges of both
/// overlap, and their payload octets are the same where they do (RFC 8684 §3.3.6). tshark 4.0's marks, in one pass
/// (its second pass loses them all): each is one of ours, or (rule S) a TCP retransmission on the frame's own subflow
/// of data it had carried before (tshark's own tcp.analysis.retransmission says so), which is not data sent on
/// another subflow, though another subflow carried it meanwhile.
/// </summary>
public sealed class ReinjectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("v1-loss-reinject.pcap")]
    [InlineData("v1-stall-reinject.pcap")]
    public void EveryReinjectionIsTheSameDataOnAnotherSubflow(string name)
    {
        string path = Samples.Capture(name);
        List<Reinjection> ours = MptcpAnalysis.Analyze(path).Connections.SelectMany(c => c.Reinjections).ToList();
        Assert.NotEmpty(ours);
        Dictionary<long, string[]> tshark = Tshark(path);
        foreach (Reinjection r in ours)
        {
            string[] first = tshark[r.OriginalFrame], again = tshark[r.Frame];
            Assert.True(r.OriginalFrame < r.Frame);
            Assert.NotEqual(first[1], again[1]); // tcp.stream: another subflow
            (ulong start1, ulong start2) = (ulong.Parse(first[3], CultureInfo.InvariantCulture), ulong.Parse(again[3], CultureInfo.InvariantCulture));
            (int length1, int length2) = (int.Parse(first[2], CultureInfo.InvariantCulture), int.Parse(again[2], CultureInfo.InvariantCulture));
            ulong from = Math.Max(start1, start2), to = Math.Min(start1 + (ulong)length1, start2 + (ulong)length2);
            Assert.True(from < to, $"frames {r.OriginalFrame} and {r.Frame}: tshark's DSN ranges do not overlap");
            string payload1 = first[4].Substring((int)(from - start1) * 2, (int)(to - from) * 2);
            string payload2 = again[4].Substring((int)(from - start2) * 2, (int)(to - from) * 2);
            Assert.True(payload1 == payload2, $"frames {r.OriginalFrame} and {r.Frame}: other octets at the same DSNs");
        }

        int sameSubflow = 0;
        string[] marks = ExternalTool.Lines("tshark", ["-n", "-r", path, "-o", "mptcp.analyze_mptcp:TRUE", "-o", "mptcp.analyze_mappings:TRUE",
            "-o", "mptcp.relative_sequence_numbers:TRUE", "-o", "mptcp.intersubflows_retransmission:TRUE", "-Y", "mptcp.reinjection_of",
            "-T", "fields", "-e", "frame.number", "-e", "tcp.analysis.retransmission"]);
        foreach (string[] mark in marks.Select(l => l.Split('\t')))
        {
            long frame = long.Parse(mark[0], CultureInfo.InvariantCulture);
            if (!ours.Any(r => r.Frame == frame))
            {
                Assert.True(mark[1].Length > 0, $"frame {frame}: tshark marks a reinjection we do not, and it is no TCP retransmission on its own subflow");
                sameSubflow++;
            }
        }

        output.WriteLine($"{name}: {ours.Count} reinjections, each the same octets at the same DSNs on another subflow; tshark marks {marks.Length} in one pass " +
            $"({sameSubflow} of them TCP retransmissions on their own subflow, rule S), none in two");
    }

    /// <summary>frame → (frame, tcp.stream, tcp.len, mptcp.rawdsn64, tcp.payload, mptcp.reinjection_of), for frames with data.</summary>
    private static Dictionary<long, string[]> Tshark(string path) => ExternalTool.Lines("tshark",
        ["-n", "-2", "-r", path, "-o", "mptcp.analyze_mptcp:TRUE", "-o", "mptcp.analyze_mappings:TRUE", "-o", "mptcp.relative_sequence_numbers:TRUE",
         "-o", "mptcp.intersubflows_retransmission:TRUE", "-Y", "tcp.len > 0 && mptcp.rawdsn64",
         "-T", "fields", "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.len", "-e", "mptcp.rawdsn64", "-e", "tcp.payload", "-e", "mptcp.reinjection_of"])
        .Select(l => l.Split('\t')).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => f);
}
