using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using Mptcp.Codec.Peer.Packetdrill;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// <c>packetdrill SCRIPT|DIR</c>: runs packetdrill scripts (the Linux MPTCP suite's language) against this kernel, each
/// in a network namespace of its own with tun0, as packetdrill does. One script: exit 0 when it holds, 1 at the first
/// line that does not (FILE:LINE: and packetdrill's words), 2 for a script it cannot parse, 3 when it cannot run here.
/// A folder: every *.pkt under it in the families run_all.py gives its name, one line a run and a total.
/// </summary>
internal static class PacketdrillCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = new Argument<string>("SCRIPT") { Description = "A packetdrill script (.pkt), or a folder: every .pkt under it, as run_all.py runs them." };
        var version = new Option<string?>("--ip_version") { Description = "ipv4, ipv6 or ipv4-mapped-ipv6 (one script; a folder takes run_all.py's families).", HelpName = "VERSION" };
        var local = new Option<string?>("--local_ip") { Description = "The kernel's address on tun0.", HelpName = "ADDRESS" };
        var remote = new Option<string?>("--remote_ip") { Description = "The script's address, with its prefix (192.0.2.1/24).", HelpName = "ADDRESS[/PREFIX]" };
        var gateway = new Option<string?>("--gateway_ip") { Description = "The gateway the remote prefix is routed through.", HelpName = "ADDRESS" };
        var netmask = new Option<string?>("--netmask_ip") { Description = "The local address's netmask (255.255.0.0), or an IPv6 prefix length.", HelpName = "MASK" };
        var mtu = new Option<int?>("--mtu") { Description = "tun0's MTU (1500).", HelpName = "OCTETS" };
        var tolerance = new Option<long?>("--tolerance_usecs") { Description = "How far from its time an event may happen (4000).", HelpName = "MICROSECONDS" };
        var define = new Option<string[]>("-D") { Description = "NAME=VALUE: the word NAME in scripts is VALUE, and NAME a variable of their commands.", HelpName = "NAME=VALUE", AllowMultipleArgumentsPerToken = false };
        var command = new Command("packetdrill", "Run packetdrill scripts (Linux's MPTCP test suite) against this kernel.\n" +
            "Example: mptcp-dump packetdrill mp_capable/client_v4.pkt --ip_version=ipv4")
            { target, version, local, remote, gateway, netmask, mtu, tolerance, define };
        command.SetAction(parse =>
        {
            var cli = new Dictionary<string, string?>
            {
                ["ip_version"] = parse.GetValue(version), ["local_ip"] = parse.GetValue(local), ["remote_ip"] = parse.GetValue(remote),
                ["gateway_ip"] = parse.GetValue(gateway), ["netmask_ip"] = parse.GetValue(netmask),
                ["mtu"] = parse.GetValue(mtu)?.ToString(CultureInfo.InvariantCulture), ["tolerance_usecs"] = parse.GetValue(tolerance)?.ToString(CultureInfo.InvariantCulture),
            };
            return Run(parse.GetValue(target)!, cli, parse.GetValue(define) ?? [], output, error);
        });
        return command;
    }

    private static int Run(string target, Dictionary<string, string?> cli, string[] defines, TextWriter output, TextWriter error)
    {
        var defined = new Dictionary<string, string>();
        foreach (string d in defines)
        {
            int eq = d.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error.WriteLine($"mptcp-dump: packetdrill: -D {d}: expected NAME=VALUE");
                return Cli.BadUsage;
            }

            defined[d[..eq]] = d[(eq + 1)..];
        }

        bool folder = Directory.Exists(target);
        string? text = folder ? null : Text(target, error);
        if (!folder && text is null)
        {
            return Cli.BadUsage;
        }

        // A script that cannot be parsed says so (exit 2) wherever the command is run, before anything needs root.
        if (text is not null && PacketdrillRunner.Check(text, defined) is PacketdrillOutcome bad)
        {
            error.WriteLine($"{target}:{bad.Line}: {bad.Message}");
            return Cli.BadUsage;
        }

        if (PeerCommand.CannotRun() is string why)
        {
            error.WriteLine($"mptcp-dump: packetdrill: {why}");
            return Cli.CannotRun;
        }

        using var ns = new RunNamespace(PacketdrillRunner.NamespacePrefix, error, "packetdrill");
        if (folder)
        {
            return Folder(target, cli, defined, output, error);
        }

        (int status, string message) = Script(target, text!, cli, defined);
        (status == 0 ? output : error).WriteLine(message);
        return status;
    }

    // Every *.pkt under the folder, in the families run_all.py gives its name (PacketdrillRunner.Families).
    private static int Folder(string folder, Dictionary<string, string?> cli, Dictionary<string, string> defines, TextWriter output, TextWriter error)
    {
        int passed = 0, failed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (string path in Directory.GetFiles(folder, "*.pkt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            foreach (string family in PacketdrillRunner.Families(path))
            {
                (int status, string message) = Text(path, TextWriter.Null) is string text
                    ? Script(path, text, PacketdrillRunner.RunAllOptions(family, cli), PacketdrillRunner.RunAllDefines(family, defines))
                    : (Cli.BadUsage, $"{path}: cannot be read");
                string name = Path.GetRelativePath(folder, path);
                if (status == 0)
                {
                    passed++;
                    output.WriteLine($"OK   [{name} ({family})]");
                }
                else
                {
                    failed++;
                    output.WriteLine($"FAIL [{name} ({family})] {message.Split('\n')[0]}");
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Ran {passed + failed} tests: {passed} passing, {failed} failing ({clock.Elapsed.TotalSeconds:F0} sec): {folder}"));
        return failed == 0 ? 0 : Cli.Findings;
    }


    private static string? Text(string path, TextWriter error)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {path}: {e.Message}");
            return null;
        }
    }

    // One run: its exit status and its line (FILE:LINE: … when it did not hold).
    private static (int Status, string Message) Script(string path, string text, Dictionary<string, string?> options, Dictionary<string, string> defines)
    {
        PacketdrillOutcome outcome = PacketdrillRunner.Run(path, text, options, defines);
        return outcome.Verdict switch
        {
            PacketdrillVerdict.Held => (0, $"{path}: held"),
            PacketdrillVerdict.BadScript => (Cli.BadUsage, $"{path}:{outcome.Line}: {outcome.Message}"),
            _ => (Cli.Findings, $"{path}:{outcome.Line}: {outcome.Message}"),
        };
    }
}
