using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// tshark (<c>-T fields</c>, every occurrence, joined by commas): the fields compared are those whose name and
/// printing are the same in Wireshark and in <c>read --format json</c> (the numbers and addresses; docs/peers.md §3.3
/// lists the fields each prints its own way, which are left out). tshark rejects a block when it marks the frame
/// malformed, adds an expert item of the malformed group (which it gives warning severity: "option length = 9 bytes
/// says option goes past end of options"), or one of error severity.
/// </summary>
internal sealed class TsharkPeer : DiffPeer
{
    /// <summary>The compared fields: <c>tcp.options.mptcp.NAME</c> in tshark, <c>NAME</c> in the JSON.</summary>
    public static readonly string[] Fields =
        ["subtype", "version", "sendkey", "recvkey", "rawdataack", "rawdataseqno", "subflowseqno", "datalvllen", "recvtok", "sendrand", "sendtrunchmac", "ipver", "ipv4", "ipv6", "port", "addaddrtrunchmac"];

    /// <summary>PI_ERROR in Wireshark's expert severities, PI_MALFORMED in its groups.</summary>
    private const string ErrorSeverity = "8388608", MalformedGroup = "33554432";

    public override string Name => "tshark";

    public override string Version() => Run("tshark", ["--version"], TimeSpan.FromSeconds(10)).FirstOrDefault() ?? "tshark";

    public override Dictionary<long, PeerView> Read(string pcap, TimeSpan limit)
    {
        List<string> arguments = ["-n", "-r", pcap, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,", "-e", "frame.number", "-e", "_ws.malformed", "-e", "_ws.expert.severity", "-e", "_ws.expert.group"];
        foreach (string field in Fields)
        {
            arguments.AddRange(["-e", "tcp.options.mptcp." + field]);
        }

        var views = new Dictionary<long, PeerView>();
        foreach (string line in Run("tshark", arguments, limit))
        {
            string[] cells = line.Split('\t');
            if (cells.Length < 4 + Fields.Length || !long.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out long frame))
            {
                continue;
            }

            bool rejects = cells[1].Length > 0 || cells[2].Split(',').Contains(ErrorSeverity) || cells[3].Split(',').Contains(MalformedGroup);
            views[frame] = View(rejects, Fields.Select((f, i) => (f, cells[4 + i])));
        }

        return views;
    }

    /// <summary>The fields of <c>read --format json</c>; it rejects an option it gives a <c>status</c>, or a block it gives an <c>option_block_error</c>.</summary>
    public override PeerView Ours(in CapturedFrame frame, in TcpSegment segment)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            PacketJson.Write(json, frame.FrameNumber, frame.TimestampNanoseconds, segment, default);
        }

        using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
        var values = Fields.ToDictionary(f => f, _ => new List<string>());
        bool rejects = document.RootElement.TryGetProperty("option_block_error", out _);
        if (document.RootElement.TryGetProperty("options", out JsonElement options))
        {
            foreach (JsonElement option in options.EnumerateArray())
            {
                rejects |= option.TryGetProperty("status", out _);
                foreach (string field in Fields)
                {
                    if (option.TryGetProperty(field, out JsonElement value))
                    {
                        values[field].Add(Text(value));
                    }
                }
            }
        }

        return View(rejects, Fields.Select(f => (f, string.Join(',', values[f]))));
    }

    /// <summary>The first field whose values differ.</summary>
    public override string? Difference(PeerView ours, PeerView theirs)
    {
        for (int i = 0; i < ours.Fields.Count; i++)
        {
            if (ours.Fields[i].Value != theirs.Fields[i].Value)
            {
                return $"{ours.Fields[i].Field} differs";
            }
        }

        return null;
    }

    private static PeerView View(bool rejects, IEnumerable<(string Field, string Value)> fields)
    {
        List<(string Field, string Value)> list = [.. fields];
        return new PeerView(rejects, string.Join(' ', list.Where(f => f.Value.Length > 0).Select(f => $"{f.Field}={f.Value}")), list);
    }

    private static string Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Array => string.Join(',', value.EnumerateArray().Select(Text)),
        _ => value.GetRawText(),
    };
}
