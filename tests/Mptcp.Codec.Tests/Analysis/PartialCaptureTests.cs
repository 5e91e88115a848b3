using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// Checks that must not lie (issue 14): captures that verify in full, cut by editcap the ways captures are partial
/// (started late, a packet lost, a snap length that cuts options or data) and joined to themselves (4-tuple reuse).
/// A partial capture may leave checks unverifiable; it must never fail one.
/// </summary>
public sealed class PartialCaptureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-partial-").FullName;

    public static TheoryData<string> Complete() => new(
        "seed-echo.pcap", "v1-csum-ipv4.pcap", "v1-nocsum-ipv4.pcap", "v1-ipv6.pcap", "v1-addaddr-port.pcap", "v1-prio-remove.pcap", "v1-fastclose.pcap");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [MemberData(nameof(Complete))]
    public void NoCutOfACaptureThatVerifiesFailsACheck(string name)
    {
        string full = Samples.Capture(name);
        Assert.Equal(0, MptcpAnalysis.Analyze(full).Verification.TotalFailed);
        int frames = (int)MptcpAnalysis.Analyze(full).Frames;
        var cuts = new List<(string What, string[] Arguments)>();
        for (int k = 2; k <= frames; k++)
        {
            cuts.Add(($"from frame {k} on", ["-r", full, "OUT", $"{k}-{frames}"]));
        }

        for (int k = 1; k <= frames; k++)
        {
            cuts.Add(($"without frame {k}", [full, "OUT", $"{k}"]));
        }

        foreach (int snap in new[] { 54, 60, 66, 74, 82, 90, 100, 120, 160, 200 })
        {
            cuts.Add(($"snap length {snap}", ["-s", $"{snap}", full, "OUT"]));
        }

        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        Parallel.ForEach(cuts.Select((c, i) => (c.What, c.Arguments, i)), new ParallelOptions { MaxDegreeOfParallelism = 2 }, cut =>
        {
            string output = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(name)}-{cut.i}.pcap");
            Editcap(cut.Arguments.Select(a => a == "OUT" ? output : a).ToArray());
            VerificationCounts v = MptcpAnalysis.Analyze(output).Verification;
            if (v.TotalFailed > 0)
            {
                failures.Enqueue($"{name} {cut.What}: token {v.Token.Failed}, join_hmac {v.JoinHmac.Failed}, add_addr_hmac {v.AddAddressHmac.Failed}, dss_checksum {v.DssChecksum.Failed}, idsn {v.Idsn.Failed} failed");
            }

            File.Delete(output);
        });

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
    }

    /// <summary>
    /// A capture without findings, cut at every snap length from the end of its IP header on: what the cut hid is
    /// unknown, not absent, so no cut may find anything (no fallback, no missing mapping, no incomplete handshake).
    /// </summary>
    [Theory]
    [MemberData(nameof(Complete))]
    public void NoSnapLengthFindsWhatTheCaptureDoesNot(string name)
    {
        string full = Samples.Capture(name);
        Assert.False(MptcpAnalysis.Analyze(full).HasFindings);
        int ipEnd = name == "seed-echo.pcap" ? 20 : name == "v1-ipv6.pcap" ? 54 : 34; // raw IPv4; Ethernet with IPv6 or IPv4
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        long cutHeaders = 0;
        Parallel.ForEach(Enumerable.Range(ipEnd, 140 - ipEnd + 1), new ParallelOptions { MaxDegreeOfParallelism = 2 }, snap =>
        {
            string output = Path.Combine(_folder, $"{Path.GetFileNameWithoutExtension(name)}-s{snap}.pcap");
            Editcap(["-s", $"{snap}", full, output]);
            AnalysisResult result = MptcpAnalysis.Analyze(output);
            System.Threading.Interlocked.Add(ref cutHeaders, result.CutHeaders);
            if (result.HasFindings)
            {
                failures.Enqueue($"{name} snap length {snap}: {result.FindingCount} findings ({string.Join(", ", result.Connections.SelectMany(c => c.Findings).Select(f => f.Kind).Distinct())}), {result.IncompleteHandshakes} incomplete handshakes, {result.MalformedOptionBlocks} malformed blocks, {result.Verification.TotalFailed} failed checks");
            }

            File.Delete(output);
        });

        Assert.True(failures.IsEmpty, string.Join('\n', failures));
        Assert.True(cutHeaders > 0);
    }

    [Theory]
    [MemberData(nameof(Complete))]
    public void TheSameConnectionTwiceOnOneFourTupleFailsNothing(string name)
    {
        // mergecap -a: the capture, then the capture again: every 4-tuple comes back with the same ISNs and keys.
        string output = Path.Combine(_folder, "twice.pcap");
        Run("mergecap", ["-F", "pcap", "-a", "-w", output, Samples.Capture(name), Samples.Capture(name)]);
        AnalysisResult result = MptcpAnalysis.Analyze(output);
        Assert.Equal(2 * MptcpAnalysis.Analyze(Samples.Capture(name)).Frames, result.Frames);
        Assert.Equal(0, result.Verification.TotalFailed);
    }

    private static void Editcap(string[] arguments) => ExternalTool.Run("editcap", ["-F", "pcap", .. arguments]);

    private static void Run(string tool, string[] arguments) => ExternalTool.Run(tool, arguments);
}
