using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Mptcp.Codec.Live.Tests;

/// <summary>One frame as tshark sees it: field name → value (several occurrences joined by ',').</summary>
internal sealed class TsharkFrame(long number, IReadOnlyDictionary<string, string> fields)
{
    public long Number { get; } = number;

    public IReadOnlyDictionary<string, string> Fields { get; } = fields;

    /// <summary>The field's value, or "" when tshark printed nothing for it.</summary>
    public string this[string field] => Fields.TryGetValue(field, out string? v) ? v : string.Empty;

    /// <summary>The field's occurrences (tshark joins them with ',').</summary>
    public string[] All(string field) => this[field].Length == 0 ? [] : this[field].Split(',');

    /// <summary>The MPTCP subtypes of the frame's options, in order.</summary>
    public int[] Subtypes => All(Tshark.Mptcp + "subtype").Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    public string Source => this["ip.src"].Length > 0 ? this["ip.src"] : this["ipv6.src"];

    public string Destination => this["ip.dst"].Length > 0 ? this["ip.dst"] : this["ipv6.dst"];

    public int SourcePort => int.Parse(this["tcp.srcport"], CultureInfo.InvariantCulture);

    public int DestinationPort => int.Parse(this["tcp.dstport"], CultureInfo.InvariantCulture);

    public bool IsTcp => this["tcp.srcport"].Length > 0;

    /// <summary>tcp.flags as a number (tshark prints it as 0x%04x over 12 bits).</summary>
    public int TcpFlags => Convert.ToInt32(this["tcp.flags"], 16);

    public bool Syn => (TcpFlags & 0x02) != 0;

    public bool Rst => (TcpFlags & 0x04) != 0;

    public bool Fin => (TcpFlags & 0x01) != 0;

    public int TcpLength => int.Parse(this["tcp.len"], CultureInfo.InvariantCulture);

    public override string ToString() =>
        $"frame {Number} {Source}:{this["tcp.srcport"]} > {Destination}:{this["tcp.dstport"]} flags {this["tcp.flags"]} len {this["tcp.len"]} mptcp [{this[Tshark.Mptcp + "subtype"]}]";
}

/// <summary>Runs `tshark -r FILE -T fields` with every MPTCP field of docs/peers.md §3.1.</summary>
internal static class Tshark
{
    public const string Mptcp = "tcp.options.mptcp.";

    /// <summary>Frame-level fields compared with the capture library's TCP decode.</summary>
    public static readonly string[] FrameFields =
    [
        "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "tcp.flags", "tcp.len",
    ];

    /// <summary>The option fields of docs/peers.md §3.1 (without the prefix), plus Wireshark's computed REMOVE_ADDR count.</summary>
    public static readonly string[] OptionFields =
    [
        "subtype", "version", "flags", "checksumreq.flags", "extensibility.flag", "nomoresubflows.flag", "sha1.flag",
        "sha256.flag", "reserved.flag", "backup.flag", "datafin.flag", "dseqn8.flag", "dseqnpresent.flag",
        "dataack8.flag", "dataackpresent.flag", "flag_U.flag", "flag_V.flag", "flag_W.flag", "flag_T.flag",
        "rst_reason", "reserved", "addrid", "sendkey", "recvkey", "recvtok", "sendrand", "sendtrunchmac", "sendhmac",
        "addaddrtrunchmac", "rawdataack", "rawdataseqno", "subflowseqno", "datalvllen", "checksum", "ipver", "echo",
        "ipv4", "ipv6", "port",
    ];

    /// <summary>A Wireshark-computed field (not on the wire) that the comparison checks as well.</summary>
    public const string RemoveAddressCount = "mptcp.rm_addr.count";

    public static IReadOnlyList<string> AllFields { get; } =
        ["frame.number", .. FrameFields, .. OptionFields.Select(f => Mptcp + f), RemoveAddressCount];

    public static IReadOnlyList<TsharkFrame> Read(string pcap)
    {
        var args = new List<string> { "-r", pcap, "-n", "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=," };
        foreach (string field in AllFields)
        {
            args.Add("-e");
            args.Add(field);
        }

        string output = Shell.Run(LiveEnvironment.Tshark, args, timeoutMs: 120_000);
        var frames = new List<TsharkFrame>();
        foreach (string line in output.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            string[] values = line.TrimEnd('\r').Split('\t');
            if (values.Length != AllFields.Count)
            {
                throw new InvalidOperationException($"tshark printed {values.Length} columns, not {AllFields.Count}: {line}");
            }

            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 1; i < values.Length; i++)
            {
                if (values[i].Length > 0)
                {
                    fields[AllFields[i]] = values[i];
                }
            }

            frames.Add(new TsharkFrame(long.Parse(values[0], CultureInfo.InvariantCulture), fields));
        }

        return frames;
    }
}
