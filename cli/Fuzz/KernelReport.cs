using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Peer.Script;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// A kernel campaign's folder: report.json (the table by kind: no timing, no octets, since the kernel's keys change
/// them with every run), report.md (the table with the first case's octets and the timing), and one peer script per
/// kind where the kernel and the SDK disagree, which replays that case.
/// </summary>
internal static class KernelReport
{
    private static readonly IFormatProvider C = CultureInfo.InvariantCulture;

    public static void Write(string folder, KernelResult result)
    {
        Directory.CreateDirectory(folder);
        DiffReport.RemoveEarlier(folder, "*.peer");
        List<(string Kind, List<KernelCase> Cases)> kinds = [.. result.Run.GroupBy(c => c.Kind, StringComparer.Ordinal)
            .Select(g => (g.Key, g.ToList())).OrderByDescending(k => k.Item2.Count).ThenBy(k => k.Key, StringComparer.Ordinal)];
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal);
        int index = 0;
        foreach ((string kind, List<KernelCase> cases) in kinds)
        {
            index++;
            if (!cases[0].Agrees && cases[0].Valid.Length > 0)
            {
                string file = string.Create(C, $"{index:00}-case-{cases[0].Number}.peer");
                File.WriteAllText(Path.Combine(folder, file), Script(cases[0], result.Seed));
                scripts[kind] = file;
            }
        }

        using (FileStream stream = File.Create(Path.Combine(folder, "report.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("against", "linux");
            json.WriteString("kernel", Environment.OSVersion.VersionString);
            json.WriteNumber("seed", result.Seed);
            json.WriteNumber("cases", result.Cases);
            json.WriteNumber("run", result.Run.Count);
            json.WriteNumber("agreed", result.Run.Count(c => c.Agrees));
            json.WriteBoolean("stopped_at_time_limit", result.TimedOut);
            json.WriteString("kernel_log", result.KernelLogLine is null ? result.KernelLog : "stopped by: " + result.KernelLogLine);
            json.WriteStartArray("kinds");
            foreach ((string kind, List<KernelCase> cases) in kinds)
            {
                KernelCase first = cases[0];
                json.WriteStartObject();
                json.WriteString("kind", kind);
                json.WriteNumber("count", cases.Count);
                json.WriteBoolean("agree", first.Agrees);
                json.WriteString("context", KernelCase.Names(first.Context));
                json.WriteString("option", first.Sent);
                json.WriteString("mutated_from", first.Base);
                json.WriteBoolean("judged", first.Judged);
                json.WriteNumber("first_case", first.Number);
                json.WriteString("sdk_verdict", first.SdkVerdict);
                if (scripts.TryGetValue(kind, out string? script))
                {
                    json.WriteString("reproducer", script);
                }
                else if (!first.Agrees)
                {
                    json.WriteString("reproducer", "none: the case did not get as far as its option");
                }

                json.WriteStartObject("mutations");
                foreach (IGrouping<MutationKind, KernelCase> m in cases.GroupBy(c => c.Case.Kind).OrderBy(g => g.Key))
                {
                    json.WriteNumber(m.Key.ToString(), m.Count());
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var md = new StringBuilder();
        md.AppendLine("# fuzz kernel");
        md.AppendLine();
        md.AppendLine(string.Create(C, $"{Environment.OSVersion.VersionString}; seed {result.Seed}; {result.Run.Count} of {result.Cases} cases in {result.Elapsed.TotalSeconds:0.0} s, each in a network namespace of its own" +
            $"{(result.TimedOut ? " (stopped at the time limit)" : string.Empty)}; {result.Run.Count(c => c.Agrees)} agreed. Kernel log: {(result.KernelLogLine is null ? result.KernelLog : "stopped by: " + result.KernelLogLine)}."));
        md.AppendLine();
        md.AppendLine("The SDK's verdict is on the first MPTCP option a receiver finds in the block (before any EOL). The kernel acted when that subtype's counter moved (MPCapableSYNRX on a SYN, MPCapableACKRX on the third ACK, MPJoinSynRx or MPJoinSynBackupRx on a join SYN, MPJoinAckRx on its third ACK, AddAddr or EchoAdd, RmAddr, MPPrioRx, MPFailRx, MPFastcloseRx on an ACK, MPRstRx on a RST), or, for a data segment's DSS, when the data reached its application (it was echoed); it agrees with the SDK when it acts on what the SDK calls valid and not on what the SDK rejects. A subtype without such a counter in its context (DSS, unassigned ones) is not judged.");
        md.AppendLine();
        md.AppendLine("| kind | cases | agree | first case (octets) | SDK's verdict | reproducer |");
        md.AppendLine("|---|---:|---|---|---|---|");
        foreach ((string kind, List<KernelCase> cases) in kinds)
        {
            KernelCase first = cases[0];
            md.AppendLine(string.Create(C, $"| {kind.Replace("|", "\\|", StringComparison.Ordinal)} | {cases.Count} | {(first.Agrees ? "yes" : "**no**")} | {first.Number} (`{Convert.ToHexStringLower(first.Case.Octets)}`) | {first.SdkVerdict} | {scripts.GetValueOrDefault(kind, string.Empty)} |"));
        }

        File.WriteAllText(Path.Combine(folder, "report.md"), md.ToString());
    }

    /// <summary>
    /// A peer script that replays the case and checks the counters as they moved: the same steps up to the case, then
    /// the case's option where it went, as an edit of the valid option this run builds (<c>edit LEN AT:HEX…</c>: the
    /// octets the mutation changed, the rest from this run's keys), or as its octets where nothing in it comes from the
    /// keys (the SYN's MP_CAPABLE, MP_PRIO, MP_TCPRST, the ADD_ADDR echo).
    /// </summary>
    public static string Script(KernelCase c, int seed)
    {
        var s = new StringBuilder();
        string hex = Convert.ToHexStringLower(c.Case.Octets);
        string edit = OptionEdit.Between(c.Valid, c.Case.Octets).ToString();
        s.AppendLine(string.Create(C, $"# fuzz kernel, seed {seed}, case {c.Number}: {c.Base} on a {KernelCase.Names(c.Context)}, mutated ({c.Case.Kind})."));
        s.AppendLine($"# SDK: {c.SdkVerdict}; kernel: {c.Reaction}.");
        s.AppendLine($"# As sent then: {hex}");
        s.AppendLine("`ip mptcp limits set subflows 2 add_addr_accepted 1`");
        s.AppendLine("kernel listen 8080 echo");
        int wait = 300;
        switch (c.Context)
        {
            case KernelContext.Syn:
                s.AppendLine($"< connect raw {hex}");
                break;
            case KernelContext.ThirdAck:
                s.AppendLine($"< connect third-ack {edit}");
                break;
            default:
                s.AppendLine("< connect");
                s.AppendLine("< data 200");
                s.AppendLine("> data 200");
                s.AppendLine(c.Context switch
                {
                    KernelContext.JoinSyn => $"< join {edit}",
                    KernelContext.JoinThirdAck => $"< join third-ack {edit}",
                    KernelContext.AckWithData => $"< data 200 {edit}",
                    KernelContext.Rst => $"< raw {hex} rst",
                    _ => c.Base switch
                    {
                        "ADD_ADDR" => $"< add-addr 2 id 1 {edit}",
                        "MP_FAIL" => $"< mp-fail {edit}",
                        "MP_FASTCLOSE" => $"< fastclose {edit}",
                        _ => $"< raw {hex}",
                    },
                });
                wait = c.Context == KernelContext.AckWithData ? 1300 : 300; // the campaign waited up to 1 s for the echo
                break;
        }

        s.AppendLine(string.Create(C, $"sleep {wait}"));
        foreach (string counter in c.Moved.Concat(c.Counters).Distinct().Order(StringComparer.Ordinal))
        {
            s.AppendLine(string.Create(C, $"counter {counter} +{c.SinceStart.GetValueOrDefault(counter)}"));
        }

        return s.ToString();
    }
}
