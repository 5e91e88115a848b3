// Compiled into Mptcp.Codec.Tests (the sample pair) and Mptcp.Codec.Live.Tests (pairs the kernel has just made): one
// oracle for both.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// tshark as the judge of <c>pair --format json</c>: each matched segment is the same segment in both captures as
/// tshark reads them, each delay is the difference of the two frames' timestamps as tshark prints them, every TCP frame
/// of each capture is accounted for exactly once, and each reinjection's verdict follows from tshark's own
/// <c>mptcp.reinjection_of</c> and those timestamps.
/// </summary>
internal static class TsharkPair
{
    private static readonly string[] Preferences =
        ["-o", "mptcp.analyze_mptcp:TRUE", "-o", "mptcp.analyze_mappings:TRUE", "-o", "mptcp.relative_sequence_numbers:TRUE", "-o", "mptcp.intersubflows_retransmission:TRUE"];

    /// <summary>What the judgement counted.</summary>
    public readonly record struct Counts(int Matched, int Lost, int SeenOnlyAtReceiver, int Useful, int Redundant, int LostReinjections, int VerdictsCheckedByTshark);

    /// <summary>Judges <paramref name="jsonLines"/> (the output of <c>pair A B --format json</c>); throws on the first disagreement.</summary>
    public static Counts AssertAgree(string pathA, string pathB, IReadOnlyList<string> jsonLines)
    {
        Dictionary<long, Frame>[] frames = [Read(pathA), Read(pathB)];
        JsonElement[] objects = [.. jsonLines.Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement)];
        var sentIn = objects.Where(o => o.GetProperty("type").GetString() == "subflow")
            .ToDictionary(o => (o.GetProperty("connection").GetInt32(), o.GetProperty("subflow").GetInt32(), o.GetProperty("sender").GetString()), o => o.GetProperty("sent_in").GetString() == "A" ? 0 : 1);
        var seen = new[] { new HashSet<long>(), new HashSet<long>() };
        var arrival = new[] { new Dictionary<long, long>(), new Dictionary<long, long>() };
        int matched = 0, lost = 0, onlyAtReceiver = 0;
        JsonElement[] segments = [.. objects.Where(o => o.GetProperty("type").GetString() is "segment" or "lost" or "seen_only_at_receiver")];
        foreach (JsonElement o in segments)
        {
            long? a = FrameOf(o, "frame_a"), b = FrameOf(o, "frame_b");
            foreach ((long? f, int capture) in new[] { (a, 0), (b, 1) })
            {
                if (f is long number)
                {
                    Assert.True(frames[capture].ContainsKey(number), $"capture {(char)('A' + capture)} has no TCP frame {number}");
                    Assert.True(seen[capture].Add(number), $"capture {(char)('A' + capture)} frame {number} is in two objects");
                }
            }

            switch (o.GetProperty("type").GetString())
            {
                case "segment":
                    matched++;
                    Frame fa = frames[0][a!.Value], fb = frames[1][b!.Value];
                    Assert.True(fa.SameSegment(fb), $"frames A {a} and B {b} are not the same segment as tshark reads them: {fa} / {fb}");
                    int x = sentIn[(o.GetProperty("connection").GetInt32(), o.GetProperty("subflow").GetInt32(), o.GetProperty("sender").GetString())];
                    long expected = x == 0 ? fb.TimeNs - fa.TimeNs : fa.TimeNs - fb.TimeNs;
                    Assert.Equal(expected.ToString(CultureInfo.InvariantCulture), o.GetProperty("owd_ns").GetString());
                    arrival[x][x == 0 ? a.Value : b.Value] = (x == 0 ? fb : fa).TimeNs;
                    break;
                case "lost":
                    lost++;
                    Assert.True(o.GetProperty("owd_ns").ValueKind == JsonValueKind.Null && (a is null) != (b is null), "a lost segment has one frame and no delay");
                    break;
                default:
                    onlyAtReceiver++;
                    break;
            }
        }

        for (int capture = 0; capture < 2; capture++)
        {
            long[] missing = [.. frames[capture].Keys.Where(f => !seen[capture].Contains(f)).Order()];
            Assert.True(missing.Length == 0, $"capture {(char)('A' + capture)}: TCP frames in no object: {string.Join(' ', missing.Take(20))}");
        }

        int useful = 0, redundant = 0, lostReinjections = 0, checkedByTshark = 0;
        foreach (JsonElement o in segments.Where(o => o.TryGetProperty("reinjection", out _)))
        {
            string verdict = o.GetProperty("reinjection").GetString()!;
            useful += verdict == "useful" ? 1 : 0;
            redundant += verdict == "redundant" ? 1 : 0;
            lostReinjections += verdict == "lost" ? 1 : 0;
            int x = sentIn[(o.GetProperty("connection").GetInt32(), o.GetProperty("subflow").GetInt32(), o.GetProperty("sender").GetString())];
            long frame = FrameOf(o, x == 0 ? "frame_a" : "frame_b")!.Value;
            long[] originals = frames[x][frame].ReinjectionOf;
            if (originals.Length == 0)
            {
                continue; // tshark does not see this one as a reinjection (docs/peers.md: its rules S and B)
            }

            checkedByTshark++;
            string expected = !arrival[x].TryGetValue(frame, out long at) ? "lost"
                : originals.Any(f => arrival[x].TryGetValue(f, out long t) && t <= at) ? "redundant" : "useful";
            Assert.True(expected == verdict, $"capture {(char)('A' + x)} frame {frame}: reinjection of {string.Join(',', originals)} (tshark) is {expected} by tshark's times, {verdict} by pair");
        }

        return new Counts(matched, lost, onlyAtReceiver, useful, redundant, lostReinjections, checkedByTshark);
    }

    private static long? FrameOf(JsonElement o, string name) => o.GetProperty(name).ValueKind == JsonValueKind.Null ? null : o.GetProperty(name).GetInt64();

    private static Dictionary<long, Frame> Read(string path)
    {
        string[] arguments = ["-n", "-r", path, .. Preferences, "-Y", "tcp", "-T", "fields", "-e", "frame.number", "-e", "frame.time_epoch", "-e", "tcp.seq_raw", "-e", "tcp.ack_raw", "-e", "tcp.len", "-e", "ip.id", "-e", "mptcp.reinjection_of"];
        var result = new Dictionary<long, Frame>();
        foreach (string[] row in ExternalTool.Lines("tshark", arguments).Select(l => l.Split('\t')))
        {
            long number = long.Parse(row[0], CultureInfo.InvariantCulture);
            result[number] = new Frame(number, Nanoseconds(row[1]), row[2], row[3], row[4], row[5],
                [.. row[6].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(f => long.Parse(f, CultureInfo.InvariantCulture))]);
        }

        return result;
    }

    /// <summary>tshark's epoch time ("1700000000.123456000") in nanoseconds, exactly.</summary>
    private static long Nanoseconds(string epoch)
    {
        string[] parts = epoch.Split('.');
        return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000 + long.Parse((parts.Length > 1 ? parts[1] : "0").PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
    }

    private sealed record Frame(long Number, long TimeNs, string Seq, string Ack, string Length, string IpId, long[] ReinjectionOf)
    {
        public bool SameSegment(Frame other) => Seq == other.Seq && Ack == other.Ack && Length == other.Length && IpId == other.IpId;
    }
}
