using System.Diagnostics;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// A bulk transfer the peer's receiver does not trip over, every time: 20 MB echoed over two subflows, ten runs, each
/// with every octet back in order and the kernel's MPTCPRetrans counter unmoved (the script says +0). The times are
/// printed, not asserted (benchmarks/RESULTS.md has them).
/// </summary>
// Alone: with other live tests beside it on two cores the peer falls behind, and the kernel's MPTCP-level
// retransmission timer (which a starved receiver trips, not a lossy path) makes MPTCPRetrans move.
[Collection(AlonePeerRuns.Name)]
public sealed class PeerBulkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Twenty_megabytes_over_two_subflows_hold_ten_runs_out_of_ten()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        string script = Repository.Path("samples", "peer", "bulk-two-subflows.peer");
        for (int run = 1; run <= 10; run++)
        {
            var clock = Stopwatch.StartNew();
            var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script], timeoutMs: 60_000, check: false);
            output.WriteLine($"run {run}: exit {exit}, {clock.ElapsedMilliseconds} ms");
            Assert.True(exit == 0, $"run {run}:\n{stdout}{stderr}");
            Assert.Contains("counter MPTCPRetrans +0", stdout, System.StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// 20 MB over three subflows whose SYNs offer SACK, timestamps and window scaling, three runs out of three; in the
    /// run's capture tshark sees the kernel's SYN/ACKs take all three offers and a timestamp on every segment of both
    /// sides (RFC 7323 §3.2: once negotiated, on every segment).
    /// </summary>
    [SkippableFact]
    public void Twenty_megabytes_over_three_subflows_with_SACK_and_timestamps_hold_three_runs_out_of_three()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        string script = Repository.Path("samples", "peer", "bulk-three-subflows-sack-ts.peer");
        string capture = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"mptcp-bulk-sack-ts-{System.Environment.ProcessId}.pcap");
        try
        {
            for (int run = 1; run <= 3; run++)
            {
                var clock = Stopwatch.StartNew();
                var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script, "-w", capture], timeoutMs: 60_000, check: false);
                output.WriteLine($"run {run}: exit {exit}, {clock.ElapsedMilliseconds} ms");
                Assert.True(exit == 0, $"run {run}:\n{stdout}{stderr}");
                Assert.Contains("SACK, timestamps, window scaling on", stdout, System.StringComparison.Ordinal);
            }

            string synAcks = Shell.Run(LiveEnvironment.Tshark, ["-r", capture, "-Y", "tcp.flags.syn == 1 && tcp.flags.ack == 1", "-T", "fields", "-e", "tcp.options.sack_perm", "-e", "tcp.options.timestamp.tsval", "-e", "tcp.options.wscale.shift"]);
            string[] lines = synAcks.Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, lines.Length);
            Assert.All(lines, l => Assert.Matches(@"^\S+\t\d+\t\d+$", l));
            string withoutTimestamps = Shell.Run(LiveEnvironment.Tshark, ["-r", capture, "-Y", "tcp && !tcp.options.timestamp.tsval", "-T", "fields", "-e", "frame.number"]);
            Assert.Equal(string.Empty, withoutTimestamps.Trim());
        }
        finally
        {
            System.IO.File.Delete(capture);
        }
    }
}
