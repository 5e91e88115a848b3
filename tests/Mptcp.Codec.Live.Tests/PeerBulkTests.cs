using System.Diagnostics;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// A bulk transfer the peer's receiver does not trip over, every time: 20 MB echoed over two subflows, ten runs, each
/// with every octet back in order and the kernel's MPTCPRetrans counter unmoved (the script says +0). The times are
/// printed, not asserted (benchmarks/RESULTS.md has them).
/// </summary>
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
}
