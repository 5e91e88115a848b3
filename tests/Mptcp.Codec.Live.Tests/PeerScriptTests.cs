using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Every script of samples/peer/ (issue 13), run as a user runs it: <c>mptcp-dump peer --here SCRIPT</c> inside a
/// fresh namespace of the test's own. The test reads the kernel's MPTcpExt counters itself, before and after, and
/// checks each <c>counter NAME +N</c> (or <c>&gt;= N</c>) line of the script against them; the tool must exit 0 and
/// report every step held.
/// </summary>
// Alone, as the bulk runs are (PeerBulkTests): the samples include 20 MB transfers that claim MPTCPRetrans +0.
[Collection(AlonePeerRuns.Name)]
public sealed partial class PeerScriptTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scripts()
    {
        var scripts = new TheoryData<string>();
        foreach (string path in Directory.GetFiles(Repository.Path("samples", "peer"), "*.peer").Order(StringComparer.Ordinal))
        {
            scripts.Add(Path.GetFileNameWithoutExtension(path));
        }

        return scripts;
    }

    [SkippableTheory]
    [MemberData(nameof(Scripts))]
    public void Every_sample_script_holds_and_the_kernel_counters_move_as_it_says(string name)
    {
        string script = Repository.Path("samples", "peer", name + ".peer");
        using var ns = new LiveNamespace("peer-" + name, checksums: false);
        IReadOnlyDictionary<string, long> before = ns.MptcpCounters();
        string capture = Path.Combine(Path.GetTempPath(), $"mptcp-peer-sample-{name}-{Environment.ProcessId}.pcap");
        var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Ip, ["netns", "exec", ns.Name, LiveEnvironment.Dotnet, LiveEnvironment.ToolDll, "peer", "--here", script, "-w", capture], timeoutMs: 60_000, check: false);
        IReadOnlyDictionary<string, long> after = ns.MptcpCounters();
        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.True(exit == 0, $"mptcp-dump peer exited {exit}");
        Assert.Contains($"{name}.peer: all ", stdout, StringComparison.Ordinal);
        // The SDK's verifier ran on what the kernel sent and found nothing wrong (a failure would have failed a step).
        Assert.Matches(@"the kernel's values checked by the SDK: (nothing to check|(\w+ \d+ checked/0 failed(; )?)+)\n", stdout);

        int checkedCounters = 0;
        foreach (Match m in CounterLine().Matches(File.ReadAllText(script)))
        {
            string counter = m.Groups[1].Value;
            long expected = long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
            long moved = after.GetValueOrDefault(counter) - before.GetValueOrDefault(counter);
            Assert.True(m.Groups[2].Value == ">=" ? moved >= expected : moved == expected, $"MPTcpExt{counter}: moved by {moved}, the script says {m.Groups[2].Value}{expected}");
            checkedCounters++;
        }

        Assert.True(checkedCounters >= 2, $"{name}: only {checkedCounters} counter lines");
        VerifiedCapture(name, File.ReadAllText(script), capture);
    }

    /// <summary>
    /// The run's capture (<c>-w</c>) through <c>read --verify</c>: no check fails on a packet the kernel sent, and none at
    /// all unless the script makes the peer's own values wrong on purpose (a <c>bad-…</c> word or raw octets).
    /// </summary>
    private void VerifiedCapture(string name, string script, string capture)
    {
        try
        {
            var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "read", capture, "--verify"], timeoutMs: 60_000, check: false);
            Assert.True(exit is 0 or 1, $"read --verify of {name}'s capture exited {exit}: {stderr}");
            Assert.True(stdout.Split('\n').Length > 3, $"{name}'s capture lists {stdout.Split('\n').Length} lines");
            string[] failed = stdout.Split('\n').Where(l => l.Contains(" FAILED]", StringComparison.Ordinal)).ToArray();
            output.WriteLine($"read --verify: {failed.Length} failed checks");
            Assert.DoesNotContain(failed, l => KernelSent().IsMatch(l));
            if (!DeliberateFault().IsMatch(script))
            {
                Assert.Empty(failed);
            }
        }
        finally
        {
            File.Delete(capture);
        }
    }

    [GeneratedRegex(@" IP6? (10\.9\.0\.1|fd09::1)\.\d+ > ")]
    private static partial Regex KernelSent();

    [GeneratedRegex(@"^<.*\b(bad-[a-z]+|raw)\b", RegexOptions.Multiline)]
    private static partial Regex DeliberateFault();

    [GeneratedRegex(@"^counter\s+(?:MPTcpExt)?(\w+)\s+(\+|>=)\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex CounterLine();
}
