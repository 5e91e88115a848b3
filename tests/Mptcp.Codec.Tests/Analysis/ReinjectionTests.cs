using System;
using System.Collections.Generic;
using System.Diagnostics;
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
/// overlap, and their payload octets are the same where they do (RFC 8684 §3.3.6). tshark 4.0 marks reinjections too
/// rarely (its DSN index misses them: docs/peers.md §8), so every frame it marks must be one of ours, not the
/// reverse.
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

        var marked = tshark.Where(t => t.Value[5].Length > 0).Select(t => t.Key).ToList();
        Assert.All(marked, frame => Assert.Contains(ours, r => r.Frame == frame));
        output.WriteLine($"{name}: {ours.Count} reinjections, each the same octets at the same DSNs on another subflow; tshark marks {marked.Count}");
    }

    /// <summary>frame → (frame, tcp.stream, tcp.len, mptcp.rawdsn64, tcp.payload, mptcp.reinjection_of), for frames with data.</summary>
    private static Dictionary<long, string[]> Tshark(string path)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in (string[])["-n", "-2", "-r", path, "-o", "mptcp.analyze_mptcp:TRUE", "-o", "mptcp.analyze_mappings:TRUE",
            "-o", "mptcp.relative_sequence_numbers:TRUE", "-o", "mptcp.intersubflows_retransmission:TRUE", "-Y", "tcp.len > 0 && mptcp.rawdsn64",
            "-T", "fields", "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.len", "-e", "mptcp.rawdsn64", "-e", "tcp.payload", "-e", "mptcp.reinjection_of"])
        {
            start.ArgumentList.Add(a);
        }

        using Process tshark = Process.Start(start)!;
        string text = tshark.StandardOutput.ReadToEnd();
        tshark.StandardError.ReadToEnd();
        tshark.WaitForExit();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))
            .ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => f);
    }
}
