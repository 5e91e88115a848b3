// Compiled into Mptcp.Codec.Tests (the sample captures) and Mptcp.Codec.Live.Tests (captures the kernel has just made):
// one oracle for both, so a fresh capture is judged by exactly the rules the samples are.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// tshark 4.0's MPTCP analysis (mptcp.analyze_mptcp, analyze_mappings, relative_sequence_numbers and
/// intersubflows_retransmission on) as the oracle of the per-packet data-level fields (issue 14). Where tshark is wrong a
/// rule lets the frame differ (docs/peers.md §8, docs/research/wireshark-mptcp-analysis.md):
/// <list type="bullet">
/// <item>H: tshark numbers a connection at its first key-bearing MP_CAPABLE and, in its second pass, gives the
/// handshake's SYNs the analysis too; we know the connection once both keys are seen, and give no "mptcp" object before.</item>
/// <item>E: on segments without data tshark prints a rawdsn64 and dsn by convention (the IDSN on SYNs, IDSN + 1, or
/// whatever mapping covers the next octet); RFC 8684 maps only data, so we print none.</item>
/// <item>N: for an option on a subflow whose handshake the capture does not hold (tcpdump's mptcp-tcprst: two resets),
/// tshark opens a connection of its own; we have no connection to relate it to, and say so by giving no "mptcp" object.</item>
/// <item>R: see <see cref="SameMappingLater"/>.</item>
/// <item>D: see <see cref="RfcDsn"/>: RFC 8684's ranges win.</item>
/// <item>J: on join subflows tshark relates the DATA_ACK (and a segment's dsn) to whichever host's IDSN its join bookkeeping attached (it
/// never checks whose token the join carried, and flips it per join SYN dissected), so its mptcp.ack is wrong there.</item>
/// <item>S and B: see <see cref="AssertReinjections"/>.</item>
/// </list>
/// </summary>
internal static class TsharkDataLevel
{
    private static readonly string[] Preferences =
        ["-o", "mptcp.analyze_mptcp:TRUE", "-o", "mptcp.analyze_mappings:TRUE", "-o", "mptcp.relative_sequence_numbers:TRUE", "-o", "mptcp.intersubflows_retransmission:TRUE"];

    private static readonly string[] Fields =
        ["frame.number", "tcp.len", "tcp.flags.syn", "mptcp.stream", "mptcp.master", "mptcp.related_mapping", "mptcp.rawdsn64", "mptcp.dsn", "mptcp.ack", "mptcp.reinjection_of", "mptcp.reinjected_in", "tcp.stream", "tcp.options.mptcp.subflowseqno", "tcp.seq", "tcp.options.mptcp.rawdataseqno", "tcp.srcport"];

    /// <summary>
    /// Wireshark's connection numbering, exactly: on every frame that carries an MPTCP option, our <c>stream</c> equals
    /// tshark's <c>mptcp.stream</c> in one pass (both absent, or the same number). tshark's second pass also numbers a
    /// v1 MP_CAPABLE SYN, which carries no key, with the stream its SYN/ACK started; a one-pass analysis cannot, and
    /// that is the only difference allowed there. Returns how many frames were compared.
    /// </summary>
    public static int AssertStreamsAgree(string path, IEnumerable<string> jsonLines)
    {
        Dictionary<long, string> ours = jsonLines
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(o => o.TryGetProperty("frame", out _))
            .ToDictionary(o => o.GetProperty("frame").GetInt64(), o => o.TryGetProperty("mptcp", out JsonElement m) && m.TryGetProperty("stream", out JsonElement s) ? s.GetInt32().ToString(CultureInfo.InvariantCulture) : string.Empty);
        int compared = 0;
        foreach (bool twoPasses in new[] { false, true })
        {
            string[] arguments = ["-n", .. twoPasses ? new[] { "-2" } : [], "-r", path, .. Preferences, "-Y", "tcp.options.mptcp.subtype", "-T", "fields", "-e", "frame.number", "-e", "mptcp.stream", "-e", "tcp.flags.syn", "-e", "tcp.flags.ack", "-e", "tcp.options.mptcp.version"];
            // Exit 2: a damaged file, which tshark reads up to the damage (and we past it): the frames it printed count.
            foreach (string[] row in ExternalTool.Run("tshark", arguments, null, [0, 2]).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')))
            {
                long frame = long.Parse(row[0], CultureInfo.InvariantCulture);
                string mine = ours.GetValueOrDefault(frame, string.Empty);
                bool keylessV1Syn = row[2] == "1" && row[3] == "0" && row[4] == "1";
                if (twoPasses && keylessV1Syn && mine.Length == 0)
                {
                    continue;
                }

                Assert.True(row[1] == mine, $"{System.IO.Path.GetFileName(path)} frame {frame}: mptcp.stream '{row[1]}' (tshark{(twoPasses ? " -2" : string.Empty)}), stream '{mine}' (ours)");
                compared += twoPasses ? 0 : 1;
            }
        }

        return compared;
    }

    /// <summary>
    /// Compares the "mptcp" object of each line of <c>read --format json</c> (<paramref name="jsonLines"/>) with tshark
    /// run in two passes, frame by frame; returns a line saying how many frames were compared and which rules were used.
    /// </summary>
    public static string AssertFieldsAgree(string path, IEnumerable<string> jsonLines)
    {
        Dictionary<long, JsonElement> ours = jsonLines
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .ToDictionary(o => o.GetProperty("frame").GetInt64(), o => o.TryGetProperty("mptcp", out JsonElement m) ? m : default);
        var allowed = new Dictionary<char, int> { ['H'] = 0, ['N'] = 0, ['E'] = 0, ['J'] = 0, ['R'] = 0, ['D'] = 0, ['B'] = 0 };
        List<string[]> rows = ExternalTool.Lines("tshark", ["-n", "-2", "-r", path, .. Preferences, "-Y", "tcp.options.mptcp.subtype", "-T", "fields", .. Fields.SelectMany(f => new[] { "-e", f })])
            .Select(l => l.Split('\t')).ToList();
        Dictionary<string, string[]> byFrame = rows.ToDictionary(r => r[0]);
        bool noConnection = MptcpAnalysis.Analyze(path).Connections.Count == 0;
        int compared = 0;
        foreach (string[] row in rows)
        {
            long frame = long.Parse(row[0], CultureInfo.InvariantCulture);
            bool data = row[1] != "0";
            if (row[3].Length == 0)
            {
                Assert.False(ours.TryGetValue(frame, out JsonElement none) && none.ValueKind == JsonValueKind.Object, $"frame {frame}: tshark has no mptcp analysis, we do");
                continue;
            }

            if (!ours.TryGetValue(frame, out JsonElement m) || m.ValueKind != JsonValueKind.Object)
            {
                Assert.True(row[2] == "1" || noConnection, $"frame {frame}: tshark has mptcp.stream {row[3]}, we have none, and it is no handshake SYN");
                allowed[row[2] == "1" ? 'H' : 'N']++;
                continue;
            }

            compared++;

            // tshark's lists are lower bounds (its DSN index keeps one frame per start: B8/B9 of the research note), and
            // its second pass loses most of them (B3): every frame it names, we name.
            allowed['B'] += AssertSubset(byFrame, row, "reinjection_of", row[9], m) + AssertSubset(byFrame, row, "reinjected_in", row[10], m);
            Assert.Equal(row[3], Field(m, "stream"));
            Assert.Equal(row[4] == "1" ? "True" : "False", Field(m, "master"));
            if (data)
            {
                string related = Field(m, "related_mapping");
                if (row[5] != related && SameMappingLater(byFrame, row[5], related))
                {
                    allowed['R']++;
                    related = row[5];
                }

                if ((row[5], row[6]) != (related, Field(m, "rawdsn64")) && RfcDsn(byFrame, row, Field(m, "related_mapping")) == Field(m, "rawdsn64"))
                {
                    allowed['D']++;
                    continue;
                }

                if (row[4] != "1" && (row[5], row[6]) == (related, Field(m, "rawdsn64")) && row[7] != Field(m, "dsn"))
                {
                    allowed['J']++; // the same DSN, made relative to the other host's IDSN by tshark's join bookkeeping
                    continue;
                }

                Assert.Equal((frame, row[5], row[6], row[7]), (frame, related, Field(m, "rawdsn64"), Field(m, "dsn")));
            }
            else if (row[6].Length > 0)
            {
                Assert.Equal(string.Empty, Field(m, "rawdsn64"));
                allowed['E']++;
            }

            if (row[8] != Field(m, "ack"))
            {
                Assert.True(row[4] != "1", $"frame {frame}: mptcp.ack {row[8]} (tshark) and {Field(m, "ack")} (ours) on the initial subflow");
                allowed['J']++;
            }
        }

        Assert.True(compared > 0 || noConnection, $"{path}: no frame compared");
        return $"{compared} frames compared field by field; allowed differences H {allowed['H']}, N {allowed['N']}, E {allowed['E']}, J {allowed['J']}, R {allowed['R']}, D {allowed['D']}, B {allowed['B']}";
    }

    /// <summary>
    /// Each reinjection in <paramref name="ours"/> is checked against tshark's own dissection: the two frames are on
    /// different TCP streams, their DSN ranges (<see cref="Dsn"/>, from tshark's fields) overlap, and their payload octets
    /// are the same where they do (RFC 8684 §3.3.6). tshark 4.0's marks, in one pass (its second pass loses them all): each is one of ours, or
    /// (rule S) a TCP retransmission on the frame's own subflow of data it had carried before (tshark's own
    /// tcp.analysis.retransmission says so), which is not data sent on another subflow, though another subflow carried
    /// it meanwhile. Returns a line with the counts.
    /// </summary>
    public static string AssertReinjections(string path, IReadOnlyList<Reinjection> ours)
    {
        Assert.NotEmpty(ours);
        Dictionary<long, string[]> tshark = ExternalTool.Lines("tshark",
            ["-n", "-2", "-r", path, .. Preferences, "-Y", "tcp.len > 0 && mptcp.rawdsn64",
             "-T", "fields", "-e", "frame.number", "-e", "tcp.stream", "-e", "tcp.len", "-e", "mptcp.rawdsn64", "-e", "tcp.payload",
             "-e", "tcp.options.mptcp.rawdataseqno", "-e", "tcp.options.mptcp.subflowseqno", "-e", "tcp.seq"])
            .Select(l => l.Split('\t')).ToDictionary(f => long.Parse(f[0], CultureInfo.InvariantCulture), f => f);
        foreach (Reinjection r in ours)
        {
            Assert.True(tshark.ContainsKey(r.OriginalFrame) && tshark.ContainsKey(r.Frame), $"frames {r.OriginalFrame} and {r.Frame}: tshark maps no data in one of them");
            string[] first = tshark[r.OriginalFrame], again = tshark[r.Frame];
            Assert.True(r.OriginalFrame < r.Frame);
            Assert.NotEqual(first[1], again[1]); // tcp.stream: another subflow
            (ulong start1, ulong start2) = (Dsn(first[3], first[5], first[6], first[7])!.Value, Dsn(again[3], again[5], again[6], again[7])!.Value);
            (int length1, int length2) = (int.Parse(first[2], CultureInfo.InvariantCulture), int.Parse(again[2], CultureInfo.InvariantCulture));
            ulong from = Math.Max(start1, start2), to = Math.Min(start1 + (ulong)length1, start2 + (ulong)length2);
            Assert.True(from < to, $"frames {r.OriginalFrame} and {r.Frame}: tshark's DSN ranges do not overlap");
            string payload1 = first[4].Substring((int)(from - start1) * 2, (int)(to - from) * 2);
            string payload2 = again[4].Substring((int)(from - start2) * 2, (int)(to - from) * 2);
            Assert.True(payload1 == payload2, $"frames {r.OriginalFrame} and {r.Frame}: other octets at the same DSNs");
        }

        // tshark's one-pass lists (lower bounds, B8/B9): every frame it names is one we name, unless (rule S) the frame is
        // a TCP retransmission on its own subflow, or (rule B) the frame named does not overlap it by tshark's own
        // rawdsn64 and tcp.len: its DSN index keeps the end of an earlier range with the same start (B8).
        var pairs = ours.Select(r => (r.OriginalFrame, r.Frame)).ToHashSet();
        int sameSubflow = 0, stale = 0, named = 0;
        string[] marks = ExternalTool.Lines("tshark", ["-n", "-r", path, .. Preferences, "-Y", "mptcp.reinjection_of",
            "-T", "fields", "-e", "frame.number", "-e", "mptcp.reinjection_of", "-e", "tcp.analysis.retransmission"]);
        foreach (string[] mark in marks.Select(l => l.Split('\t')))
        {
            long frame = long.Parse(mark[0], CultureInfo.InvariantCulture);
            foreach (long original in Frames(mark[1]))
            {
                named++;
                if (pairs.Contains((original, frame)))
                {
                    continue;
                }

                if (tshark.TryGetValue(original, out string[]? o) && tshark.TryGetValue(frame, out string[]? f)
                    && !Overlap(Dsn(o[3], o[5], o[6], o[7]), o[2], Dsn(f[3], f[5], f[6], f[7]), f[2]))
                {
                    stale++;
                    continue;
                }

                Assert.True(mark[2].Length > 0, $"frame {frame}: tshark says it reinjects frame {original}, we do not, and it is no TCP retransmission on its own subflow");
                sameSubflow++;
            }
        }

        return $"{ours.Count} reinjections (frame pairs), each the same octets at the same DSNs on another subflow; tshark names {named} in {marks.Length} frames in one pass " +
            $"({sameSubflow} of them TCP retransmissions on their own subflow, rule S; {stale} frames that do not overlap, rule B)";
    }

    /// <summary>
    /// How many frames tshark, in one pass, marks as reinjections that are not TCP retransmissions on their own subflow:
    /// independent evidence that data went again on another subflow (the kernel's MPTcpExtMPTCPRetrans also counts
    /// reinjections on the same subflow).
    /// </summary>
    public static int CrossSubflowMarks(string path) =>
        ExternalTool.Lines("tshark", ["-n", "-r", path, .. Preferences, "-Y", "mptcp.reinjection_of && !tcp.analysis.retransmission", "-T", "fields", "-e", "frame.number"]).Length;

    /// <summary>
    /// Rule R: tshark keeps one mapping per start sequence number and the frame of its latest copy, so in its second
    /// pass related_mapping names a later retransmission of the mapping we name (the one in force when the segment
    /// went): the same subflow, the same start, a later frame. The start of an MP_CAPABLE's implicit mapping (v1 data
    /// on the third ACK's successor) is its segment's relative sequence number.
    /// </summary>
    private static bool SameMappingLater(Dictionary<string, string[]> byFrame, string tsharks, string ours) =>
        byFrame.TryGetValue(tsharks, out string[]? later) && byFrame.TryGetValue(ours, out string[]? first) &&
        long.Parse(tsharks, CultureInfo.InvariantCulture) > long.Parse(ours, CultureInfo.InvariantCulture) &&
        later[11] == first[11] && later[12].Length > 0 && later[12] == (first[12].Length > 0 ? first[12] : first[13]);

    /// <summary>
    /// Rule D: where tshark's rawdsn64 contradicts RFC 8684's data-level ranges, the mapping we name, read from
    /// tshark's own fields, puts the segment's first octet at DSN + (its relative sequence − the mapping's). For a DSS
    /// that is its DSN and subflow sequence number. An MP_CAPABLE with data maps from subflow sequence 1 to IDSN + 1
    /// (RFC 8684 §3.1; Linux repeats it on the first segments until the handshake is acknowledged): tshark takes each
    /// such segment's own sequence number as the mapping's start, so from the second on its DSNs are too small; the
    /// IDSN + 1 is tshark's own rawdsn64 of the direction's segment at relative sequence 1.
    /// </summary>
    private static string RfcDsn(Dictionary<string, string[]> byFrame, string[] row, string mappingFrame)
    {
        if (!byFrame.TryGetValue(mappingFrame, out string[]? mapping))
        {
            return "?";
        }

        bool explicitMapping = mapping[12].Length > 0 && mapping[14].Length > 0;
        string[]? first = explicitMapping ? mapping : byFrame.Values.FirstOrDefault(r => r[11] == mapping[11] && r[15] == mapping[15] && r[13] == "1" && r[1] != "0");
        if (first is null)
        {
            return "?";
        }

        ulong dsn = ulong.Parse(explicitMapping ? mapping[14] : first[6], CultureInfo.InvariantCulture);
        ulong start = explicitMapping ? ulong.Parse(mapping[12], CultureInfo.InvariantCulture) : 1;
        ulong sequence = ulong.Parse(row[13], CultureInfo.InvariantCulture);
        return (dsn + (sequence - start)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Every frame tshark's list names is in ours, or (rule B) its own range, by tshark's fields, misses the frame's; returns how many were.</summary>
    private static int AssertSubset(Dictionary<string, string[]> byFrame, string[] row, string name, string tsharks, JsonElement mptcp)
    {
        if (tsharks.Length == 0)
        {
            return 0;
        }

        int stale = 0;
        long[] ours = mptcp.TryGetProperty(name, out JsonElement list) ? list.EnumerateArray().Select(e => e.GetInt64()).ToArray() : [];
        foreach (long other in Frames(tsharks))
        {
            if (!ours.Contains(other))
            {
                string key = other.ToString(CultureInfo.InvariantCulture);
                Assert.True(byFrame.TryGetValue(key, out string[]? named) && !Overlap(Dsn(row[6], row[14], row[12], row[13]), row[1], Dsn(named[6], named[14], named[12], named[13]), named[1]),
                    $"frame {row[0]}: tshark's {name} names frame {other}, ours is [{string.Join(",", ours)}]");
                stale++;
            }
        }

        return stale;
    }

    /// <summary>Whether [dsn, dsn + length) of two frames overlap (null: nothing shows that they do not).</summary>
    private static bool Overlap(ulong? start1, string length1, ulong? start2, string length2) =>
        start1 is not ulong a || start2 is not ulong b ||
        Math.Max(a, b) < Math.Min(a + ulong.Parse(length1, CultureInfo.InvariantCulture), b + ulong.Parse(length2, CultureInfo.InvariantCulture));

    /// <summary>
    /// The DSN of a segment's first octet from tshark's own fields: by RFC 8684 §3.3.1 from the DSS mapping the segment
    /// carries (its raw DSN + the segment's relative sequence − the mapping's relative subflow sequence), else
    /// tshark's rawdsn64 (which rule D shows wrong where it disagrees with the mapping).
    /// </summary>
    private static ulong? Dsn(string rawDsn64, string mappingDsn, string mappingSequence, string sequence) =>
        mappingDsn.Length > 0 && mappingSequence.Length > 0
            ? ulong.Parse(mappingDsn, CultureInfo.InvariantCulture) + ulong.Parse(sequence, CultureInfo.InvariantCulture) - ulong.Parse(mappingSequence, CultureInfo.InvariantCulture)
            : rawDsn64.Length > 0 ? ulong.Parse(rawDsn64, CultureInfo.InvariantCulture) : null;

    private static IEnumerable<long> Frames(string list) => list.Split(',').Select(f => long.Parse(f, CultureInfo.InvariantCulture));

    private static string Field(JsonElement mptcp, string name) =>
        !mptcp.TryGetProperty(name, out JsonElement value) ? string.Empty
        : value.ValueKind switch
        {
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            JsonValueKind.String => value.GetString()!,
            _ => value.GetRawText(),
        };
}
