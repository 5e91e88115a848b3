using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Script;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// <c>peer SCRIPT [--here]</c>: runs a peer script against the Linux kernel through a TUN device, in a network
/// namespace of its own (or, with --here, the one it was started in), and prints each step with its outcome and the
/// kernel's MPTcpExt counters that moved. Exit 0 when every step held, 1 when one failed, 2 for a bad script.
/// </summary>
internal static class PeerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var script = new Argument<string>("SCRIPT") { Description = "A peer script (samples/peer/*.peer; the syntax is docs/peer-scripts.md)." };
        var here = new Option<bool>("--here") { Description = "Run in the network namespace mptcp-dump was started in (ip netns exec NS mptcp-dump peer --here …) instead of a new one; refused in the machine's initial namespace." };
        var command = new Command("peer", "Talk MPTCP to the Linux kernel from userspace, as a script says, and report what the kernel answered.\n" +
            "Example: mptcp-dump peer samples/peer/capable-data.peer") { script, here };
        command.SetAction(parse => Run(parse.GetValue(script)!, parse.GetValue(here), output, error));
        return command;
    }

    private static int Run(string path, bool here, TextWriter output, TextWriter error)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {path}: {e.Message}");
            return Cli.BadUsage;
        }

        PeerScript parsed = PeerScript.Parse(text);
        foreach (ScriptError problem in parsed.Errors)
        {
            error.WriteLine($"mptcp-dump: {path}:{problem.Line}: {problem.Message}");
        }

        if (parsed.Errors.Count > 0)
        {
            return Cli.BadUsage;
        }

        ScriptRunner? runner = null;
        // Each step's line goes out as it completes: a run waits on the kernel between steps.
        void Body(PeerHost host) => runner = ScriptRunner.Run(parsed, host, outcome =>
        {
            output.WriteLine(Line(outcome));
            output.Flush();
        });
        try
        {
            if (here)
            {
                PeerHost.RunHere(checksums: false, Body);
            }
            else
            {
                PeerHost.Run($"mptcp-peer-{Environment.ProcessId}", checksums: false, Body);
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            error.WriteLine($"mptcp-dump: peer: {e.Message}");
            return Cli.BadUsage;
        }

        string counters = string.Join(", ", runner!.CounterChanges.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {(kv.Value > 0 ? "+" : string.Empty)}{kv.Value}")));
        output.WriteLine($"kernel counters (MPTcpExt) that moved: {(counters.Length == 0 ? "none" : counters)}");
        int failed = runner.Outcomes.Count(o => !o.Passed);
        output.WriteLine(failed == 0
            ? $"{Path.GetFileName(path)}: all {runner.Outcomes.Count} steps held"
            : $"{Path.GetFileName(path)}: FAILED at line {runner.Outcomes.First(o => !o.Passed).Step.Line}");
        return failed == 0 ? Cli.Ok : Cli.Findings;
    }

    private static string Line(StepOutcome o) => string.Create(CultureInfo.InvariantCulture,
        $"{o.Step.Line,4}  {(o.Passed ? "ok  " : "FAIL")} {o.Milliseconds,5} ms  {o.Step.Text,-44} {o.Detail}");
}
