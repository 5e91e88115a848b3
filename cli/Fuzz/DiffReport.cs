using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// A campaign's folder: report.json (the table, the same for the same seed: no timing in it), report.md (the same
/// table for people, with the timing), and one one-packet reproducer capture per kind of disagreement.
/// </summary>
internal static class DiffReport
{
    private static readonly IFormatProvider C = CultureInfo.InvariantCulture;

    public static void Write(string folder, DiffResult result)
    {
        Directory.CreateDirectory(folder);
        DiffReport.RemoveEarlier(folder, "*.pcap");
        var files = new List<string>();
        for (int i = 0; i < result.Kinds.Count; i++)
        {
            string file = string.Create(C, $"{i + 1:00}-{Slug(result.Kinds[i].Name)}.pcap");
            DiffCampaign.Write(Path.Combine(folder, file), [result.Kinds[i].First with { Number = 1 }]);
            files.Add(file);
        }

        using (FileStream stream = File.Create(Path.Combine(folder, "report.json")))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("against", result.Peer);
            json.WriteString("peer_version", result.PeerVersion);
            json.WriteNumber("seed", result.Seed);
            json.WriteNumber("cases", result.Cases);
            json.WriteNumber("run", result.Run);
            json.WriteNumber("too_long_to_send", result.TooLong);
            json.WriteNumber("agreed", result.Agreed);
            json.WriteBoolean("stopped_at_time_limit", result.TimedOut);
            json.WriteStartArray("disagreements");
            for (int i = 0; i < result.Kinds.Count; i++)
            {
                DisagreementKind k = result.Kinds[i];
                json.WriteStartObject();
                json.WriteString("kind", k.Name);
                json.WriteNumber("count", k.Count);
                json.WriteNumber("first_case", k.First.Number);
                json.WriteString("octets", Convert.ToHexStringLower(k.First.Case.Octets));
                json.WriteString("sdk_verdict", Verdict(k.First));
                json.WriteString("sdk", k.Ours.Text);
                json.WriteString("peer", k.Theirs.Text);
                json.WriteString("reproducer", files[i]);
                json.WriteStartObject("mutations");
                foreach ((MutationKind mutation, int count) in k.Mutations)
                {
                    json.WriteNumber(mutation.ToString(), count);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var md = new StringBuilder();
        md.AppendLine(string.Create(C, $"# fuzz diff against {result.Peer}"));
        md.AppendLine();
        md.AppendLine(string.Create(C, $"{result.PeerVersion}; seed {result.Seed}; {result.Run} of {result.Cases} cases run in {result.Elapsed.TotalSeconds:0.0} s" +
            $"{(result.TimedOut ? " (stopped at the time limit)" : string.Empty)}, {result.TooLong} longer than TCP's 40 octets of options left out; " +
            $"{result.Agreed} agreed, {result.Run - result.Agreed} disagreed in {result.Kinds.Count} kinds."));
        md.AppendLine();
        md.AppendLine("Where the SDK rejects a block, its verdict says why, by RFC 8684's rules; where both decode, the texts are shown side by side.");
        md.AppendLine();
        md.AppendLine("| kind | cases | first case (octets) | SDK's verdict | SDK | " + result.Peer + " | reproducer |");
        md.AppendLine("|---|---:|---|---|---|---|---|");
        for (int i = 0; i < result.Kinds.Count; i++)
        {
            DisagreementKind k = result.Kinds[i];
            md.AppendLine(string.Create(C, $"| {Cell(k.Name)} | {k.Count} | {k.First.Number} (`{Convert.ToHexStringLower(k.First.Case.Octets)}`) | {Cell(Verdict(k.First))} | `{Cell(k.Ours.Text)}` | `{Cell(k.Theirs.Text)}` | {files[i]} |"));
        }

        File.WriteAllText(Path.Combine(folder, "report.md"), md.ToString());
    }

    /// <summary>
    /// Re-runs the peer and the SDK on each reproducer of a report: the names of the kinds that no longer come out as
    /// reported (empty when every reproducer reproduces).
    /// </summary>
    public static List<string> Replay(string folder, DiffPeer peer)
    {
        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "report.json")));
        var campaign = new DiffCampaign(peer, 0, 0, TimeSpan.Zero);
        var failed = new List<string>();
        foreach (JsonElement d in report.RootElement.GetProperty("disagreements").EnumerateArray())
        {
            string kind = d.GetProperty("kind").GetString()!;
            string pcap = Path.Combine(folder, d.GetProperty("reproducer").GetString()!);
            Dictionary<long, PeerView> theirs = peer.Read(pcap, TimeSpan.FromSeconds(60));
            using CaptureReader reader = CaptureReader.Open(pcap);
            string? again = reader.TryReadNext(out CapturedFrame frame)
                ? campaign.Classify(Convert.FromHexString(d.GetProperty("octets").GetString()!), frame, theirs, out _, out _)
                : null;
            if (again != kind)
            {
                failed.Add($"{kind} (now: {again ?? "agree"})");
            }
        }

        return failed;
    }

    /// <summary>Deletes the report files and the reproducers (NN-….EXT) an earlier campaign left in the folder, so that only this one's remain.</summary>
    public static void RemoveEarlier(string folder, string reproducers)
    {
        foreach (string file in Directory.EnumerateFiles(folder, reproducers).Where(f => Path.GetFileName(f) is [>= '0' and <= '9', >= '0' and <= '9', '-', ..]).Concat([Path.Combine(folder, "report.json"), Path.Combine(folder, "report.md")]))
        {
            File.Delete(file);
        }
    }

    private static string Verdict(DiffCase c)
    {
        MptcpError verdict = Verdicts.OfBlock<MptcpOption>(c.Block).Verdict;
        return verdict.IsOk ? "valid" : verdict.Describe();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal);

    private static string Slug(string kind)
    {
        var slug = new StringBuilder();
        foreach (char ch in kind.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                slug.Append(ch);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
