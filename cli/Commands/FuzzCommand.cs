using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Fuzz;
using Mptcp.Codec.Fuzzing.Corpus;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>fuzz dictionary</c>, <c>fuzz corpus</c>: what a campaign against another MPTCP parser starts from; <c>fuzz diff</c>: a campaign against tcpdump or tshark.</summary>
internal static class FuzzCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("fuzz", "Inputs for fuzzing other MPTCP parsers and stacks: a dictionary, a seed corpus from captures.\n" +
            "Example: mptcp-dump fuzz dictionary -o mptcp.dict");
        command.Subcommands.Add(Dictionary(output, error));
        command.Subcommands.Add(Corpus(output, error));
        command.Subcommands.Add(Diff(output, error));
        command.Subcommands.Add(Kernel(output, error));
        return command;
    }

    private static Command Kernel(TextWriter output, TextWriter error)
    {
        var cases = new Option<int>("--cases") { Description = "How many cases (each a fresh connection in a network namespace of its own).", DefaultValueFactory = _ => 200 };
        var seed = new Option<int>("--seed") { Description = "The mutator's seed: the same seed gives the same cases and the same report.json.", DefaultValueFactory = _ => 1 };
        var seconds = new Option<int>("--time-limit") { Description = "Seconds after which no new case starts.", DefaultValueFactory = _ => 600 };
        var folder = new Option<string>("-o", "--output") { Description = "The report folder: report.md, report.json and one .peer script per kind where the kernel and the SDK disagree.", Required = true };
        var command = new Command("kernel", "A campaign against this machine's Linux kernel through the userspace peer: mutated options on the SYN, the third ACK,\n" +
            "a join SYN or third ACK, an ACK, a data segment or a RST of a fresh connection, the kernel's reaction read from its answer and its MPTcpExt counters, against the\n" +
            "SDK's verdict; the kernel log watched (a WARNING, BUG or refcount line stops it). Needs root, TUN and MPTCP.\n" +
            "Example: sudo mptcp-dump fuzz kernel --cases 200 --seed 7 -o kernel-report") { cases, seed, seconds, folder };
        command.SetAction(parse =>
        {
            if (parse.GetValue(cases) is < 1 or > 1_000_000 || parse.GetValue(seconds) < 1)
            {
                error.WriteLine("mptcp-dump: --cases is 1 to 1000000 and --time-limit at least 1 second");
                return Cli.BadUsage;
            }

            if (PeerCommand.CannotRun() is string why)
            {
                error.WriteLine($"mptcp-dump: fuzz kernel {why}");
                return Cli.CannotRun;
            }

            string directory = parse.GetValue(folder)!;
            try
            {
                using var ns = new RunNamespace("mptcp-fuzz-", error, "fuzz kernel");
                KernelResult result = new KernelCampaign(parse.GetValue(cases), parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(seconds)), ns.Name).Run();
                KernelReport.Write(directory, result);
                int agreed = result.Run.Count(c => c.Agrees);
                output.WriteLine($"{directory}: {result.Run.Count} cases against Linux: {agreed} agreed, {result.Run.Count - agreed} disagreed (report.md)");
                if (result.KernelLogLine is string alarm)
                {
                    error.WriteLine($"mptcp-dump: fuzz kernel stopped at case {result.Run.Count}: the kernel logged: {alarm}");
                    return Cli.Findings;
                }

                return Cli.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException)
            {
                error.WriteLine($"mptcp-dump: fuzz kernel: {e.Message}");
                return Cli.BadUsage;
            }
        });
        return command;
    }

    private static Command Diff(TextWriter output, TextWriter error)
    {
        var against = new Option<string>("--against") { Description = "The other decoder: tcpdump (its text) or tshark (its fields), as installed.", Required = true };
        against.AcceptOnlyFromAmong("tcpdump", "tshark");
        var cases = new Option<int>("--cases") { Description = "How many mutated option blocks.", DefaultValueFactory = _ => 10_000 };
        var seed = new Option<int>("--seed") { Description = "The mutator's seed: the same seed gives the same cases and the same report.json.", DefaultValueFactory = _ => 1 };
        var seconds = new Option<int>("--time-limit") { Description = "Seconds after which no new batch of cases starts.", DefaultValueFactory = _ => 600 };
        var folder = new Option<string>("-o", "--output") { Description = "The report folder: report.md, report.json and one reproducer .pcap per kind of disagreement.", Required = true };
        var replay = new Option<bool>("--replay") { Description = "Instead of a campaign: re-run the peer and the SDK on every reproducer of the report in -o, and say which still disagree as reported." };
        var command = new Command("diff", "A differential campaign: mutated MPTCP options in TCP segments of a capture, decoded by the SDK and by tcpdump or tshark;\n" +
            "every disagreement counted by kind, with the SDK's verdict by RFC 8684 and a one-packet reproducer. Exit 0 when the campaign ran.\n" +
            "Example: mptcp-dump fuzz diff --against tcpdump --cases 5000 --seed 7 -o diff-report") { against, cases, seed, seconds, folder, replay };
        command.SetAction(parse =>
        {
            string name = parse.GetValue(against)!, directory = parse.GetValue(folder)!;
            if (parse.GetValue(cases) is < 1 or > 10_000_000 || parse.GetValue(seconds) < 1)
            {
                error.WriteLine("mptcp-dump: --cases is 1 to 10000000 and --time-limit at least 1 second");
                return Cli.BadUsage;
            }

            DiffPeer peer = DiffPeer.Of(name);
            try
            {
                if (parse.GetValue(replay))
                {
                    List<string> failed = DiffReport.Replay(directory, peer);
                    output.WriteLine(failed.Count == 0 ? $"{directory}: every reproducer disagrees as reported" : $"{directory}: {failed.Count} reproducer(s) no longer disagree as reported: {string.Join("; ", failed)}");
                    return failed.Count == 0 ? Cli.Ok : Cli.Findings;
                }

                DiffResult result = new DiffCampaign(peer, parse.GetValue(cases), parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(seconds))).Run();
                DiffReport.Write(directory, result);
                output.WriteLine($"{directory}: {result.Run} cases against {result.PeerVersion}: {result.Agreed} agreed, {result.Run - result.Agreed} disagreed in {result.Kinds.Count} kinds (report.md)");
                return Cli.Ok;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                error.WriteLine($"mptcp-dump: {name} is not installed (Debian: apt-get install {name})");
                return Cli.CannotRun;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or TimeoutException or JsonException)
            {
                error.WriteLine($"mptcp-dump: fuzz diff: {e.Message}");
                return Cli.BadUsage;
            }
        });
        return command;
    }

    private static Command Dictionary(TextWriter output, TextWriter error)
    {
        var file = new Option<string?>("-o", "--output") { Description = "The dictionary file to write (standard output without it)." };
        var command = new Command("dictionary", "Write an AFL++ / libFuzzer dictionary (-dict=, -x): the header octets of every MPTCP option form.\n" +
            "Example: mptcp-dump fuzz dictionary -o mptcp.dict") { file };
        command.SetAction(parse =>
        {
            string? path = parse.GetValue(file);
            try
            {
                if (path is null)
                {
                    FuzzDictionary.Write<MptcpOption>(output);
                    return Cli.Ok;
                }

                using (var writer = new StreamWriter(path))
                {
                    FuzzDictionary.Write<MptcpOption>(writer);
                }

                output.WriteLine($"{path}: {FuzzDictionary.Entries<MptcpOption>().Count} entries");
                return Cli.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mptcp-dump: {path}: cannot be written ({e.Message})");
                return Cli.BadUsage;
            }
        });
        return command;
    }

    private static Command Corpus(TextWriter output, TextWriter error)
    {
        var captures = new Argument<string[]>("captures") { Description = "Capture files to take the inputs from.", Arity = ArgumentArity.OneOrMore };
        var folder = new Option<string>("-o", "--output") { Description = "The corpus folder (made if missing).", Required = true };
        var segments = new Option<bool>("--segments") { Description = "Also one file per distinct TCP segment (header, options and payload) that carries an MPTCP option." };
        var command = new Command("corpus", "Write a seed corpus: one file per distinct TCP option block that holds an MPTCP option (or that cannot be walked: a malformed block is a seed too), named by the SHA-1 of its content as libFuzzer names its inputs.\n" +
            "Example: mptcp-dump fuzz corpus samples/captures/seed-echo.pcap -o corpus/") { captures, folder, segments };
        command.SetAction(parse =>
        {
            string directory = parse.GetValue(folder)!;
            bool withSegments = parse.GetValue(segments);
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                error.WriteLine($"mptcp-dump: {directory}: cannot be made ({e.Message})");
                return Cli.BadUsage;
            }

            var written = new HashSet<string>(StringComparer.Ordinal);
            long blocks = 0, segmentFiles = 0;
            foreach (string path in parse.GetValue(captures)!)
            {
                using CaptureReader? reader = CaptureFiles.Open(path, error);
                if (reader is null)
                {
                    return Cli.BadUsage;
                }

                while (reader.TryReadNext(out CapturedFrame frame))
                {
                    if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _) || segment.IsHeaderCut || !Output.PacketJson.HasMptcp(segment))
                    {
                        continue;
                    }

                    blocks += Save(directory, segment.Options, written) ? 1 : 0;
                    if (withSegments)
                    {
                        byte[] whole = [.. segment.TcpHeader, .. segment.Payload];
                        segmentFiles += Save(directory, whole, written) ? 1 : 0;
                    }
                }

                if (CaptureFiles.Unreadable(reader))
                {
                    return Cli.BadUsage;
                }
            }

            output.WriteLine($"{directory}: {blocks} option blocks{(withSegments ? $", {segmentFiles} segments" : string.Empty)} (distinct, new)");
            return Cli.Ok;
        });
        return command;
    }

    /// <summary>Writes the input under its SHA-1 unless a file of that name is there already; true when written.</summary>
    private static bool Save(string directory, ReadOnlySpan<byte> content, HashSet<string> written)
    {
        string name = Convert.ToHexStringLower(SHA1.HashData(content));
        string path = Path.Combine(directory, name);
        if (!written.Add(name) || File.Exists(path))
        {
            return false;
        }

        File.WriteAllBytes(path, content.ToArray());
        return true;
    }
}
