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
        var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Ip, ["netns", "exec", ns.Name, LiveEnvironment.Dotnet, LiveEnvironment.ToolDll, "peer", "--here", script], timeoutMs: 60_000, check: false);
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
    }

    [GeneratedRegex(@"^counter\s+(?:MPTcpExt)?(\w+)\s+(\+|>=)\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex CounterLine();
}
