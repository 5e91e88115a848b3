using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Script;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// <c>peer SCRIPT [--here]</c>: runs a peer script against the Linux kernel through a TUN device, in a network
/// namespace of its own (or, with --here, the one it was started in), and prints each step with its outcome and the
/// kernel's MPTcpExt counters that moved. Exit 0 when every step held, 1 when one failed, 2 for a bad script, 3 when it
/// cannot run here (not root, no TUN device, no MPTCP).
/// </summary>
internal static class PeerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var script = new Argument<string>("SCRIPT") { Description = "A peer script (samples/peer/*.peer; the syntax is docs/peer-scripts.md)." };
        var write = new Option<string?>("-w") { Description = "Write the run's traffic, both directions, to this capture file (pcapng if it ends in .pcapng): what `read --verify` and Wireshark open.", HelpName = "FILE" };
        var here = new Option<bool>("--here") { Description = "Run in the network namespace mptcp-dump was started in (ip netns exec NS mptcp-dump peer --here …) instead of a new one; refused in the machine's initial namespace." };
        var command = new Command("peer", "Talk MPTCP to the Linux kernel from userspace, as a script says, and report what the kernel answered.\n" +
            "Example: mptcp-dump peer samples/peer/capable-data.peer") { script, here, write };
        command.SetAction(parse => Run(parse.GetValue(script)!, parse.GetValue(here), parse.GetValue(write), output, error));
        return command;
    }

    private static int Run(string path, bool here, string? capture, TextWriter output, TextWriter error)
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
        if (Reported(parsed.Errors, path, error))
        {
            return Cli.BadUsage;
        }

        if (CannotRun() is string why)
        {
            error.WriteLine($"mptcp-dump: peer: {why}");
            return Cli.CannotRun;
        }

        // A mistyped counter would read 0 and pass '+0' silently: names are checked against this kernel's first.
        if (Reported(parsed.CheckCounters(MptcpCounters.Parse(File.ReadAllText("/proc/net/netstat")).Names), path, error))
        {
            return Cli.BadUsage;
        }


        CaptureWriter? writer;
        try
        {
            writer = capture is null ? null : CaptureWriter.Create(capture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {capture}: {e.Message}");
            return Cli.BadUsage;
        }

        using CaptureWriter? written = writer;
        ScriptRunner? runner = null;
        void Body(PeerHost host)
        {
            if (writer is not null)
            {
                host.Link.Observed += (packet, _, time) => writer.TryWrite(time, LinkTypes.Raw, (uint)packet.Length, packet);
            }

            // Each step's line goes out as it completes: a run waits on the kernel between steps.
            runner = ScriptRunner.Run(parsed, host, outcome =>
            {
                output.WriteLine(Line(outcome));
                output.Flush();
            });
        }

        try
        {
            if (here)
            {
                PeerHost.RunHere(checksums: false, Body);
            }
            else
            {
                using var ns = new RunNamespace(NamespacePrefix, error, "peer");
                PeerHost.Run(ns.Name, checksums: false, Body);
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
        output.WriteLine($"the kernel's values checked by the SDK: {Checks(runner.Verification)}");
        if (runner.Retransmissions is (int all and > 0, int fast))
        {
            output.WriteLine($"the peer sent {all} segments again ({fast} at duplicate or partial ACKs, {all - fast} at timeouts)");
        }

        int failed = runner.Outcomes.Count(o => !o.Passed);
        output.WriteLine(failed == 0
            ? $"{Path.GetFileName(path)}: all {runner.Outcomes.Count} steps held"
            : $"{Path.GetFileName(path)}: FAILED at line {runner.Outcomes.First(o => !o.Passed).Step.Line}");
        return failed == 0 ? Cli.Ok : Cli.Findings;
    }

    private const string NamespacePrefix = "mptcp-peer-";

    /// <summary>Writes each mistake as <c>FILE:LINE: reason</c>; true when there was one.</summary>
    private static bool Reported(IReadOnlyList<ScriptError> problems, string path, TextWriter error)
    {
        foreach (ScriptError problem in problems)
        {
            error.WriteLine($"mptcp-dump: {path}:{problem.Line}: {problem.Message}");
        }

        return problems.Count > 0;
    }

    /// <summary>Why a run cannot even start on this machine, in one line; null when it can.</summary>
    public static string? CannotRun() =>
        !Environment.IsPrivilegedProcess ? "needs root: a run creates a network namespace and a TUN device (run it as root, e.g. with sudo)"
        : !Directory.Exists("/proc/sys/net/mptcp") ? "this kernel has no MPTCP (no /proc/sys/net/mptcp): it needs Linux 5.6 or later built with CONFIG_MPTCP"
        : !File.Exists("/dev/net/tun") ? "no TUN device (/dev/net/tun): load the tun module (modprobe tun)"
        : null;

    private static string Checks(VerificationCounts v) => string.Join("; ",
        new[] { ("token", v.Token), ("join_hmac", v.JoinHmac), ("add_addr_hmac", v.AddAddressHmac), ("dss_checksum", v.DssChecksum), ("idsn", v.Idsn) }
            .Where(c => c.Item2.Checked > 0)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Item1} {c.Item2.Checked} checked/{c.Item2.Failed} failed")))
        is { Length: > 0 } text ? text : "nothing to check";

    private static string Line(StepOutcome o) => string.Create(CultureInfo.InvariantCulture,
        $"{o.Step.Line,4}  {(o.Passed ? "ok  " : "FAIL")} {o.Milliseconds,5} ms  {o.Step.Text,-44} {o.Detail}");
}
