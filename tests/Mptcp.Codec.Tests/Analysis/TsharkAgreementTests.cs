using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The JSON of every MPTCP option of the sample captures agrees with <c>tshark -T fields</c> on every field both show.
/// Known tshark differences (docs/peers.md §3.3): it hides the DSS checksum (Q1), so DSS checksums are not compared.
/// </summary>
public sealed class TsharkAgreementTests
{
    // Our member name → tshark's field, and how tshark prints it.
    private static readonly (string Member, string Field, string Format)[] Fields =
    [
        ("subtype", "tcp.options.mptcp.subtype", "d"),
        ("version", "tcp.options.mptcp.version", "d"),
        ("checksumreq", "tcp.options.mptcp.checksumreq.flags", "b"),
        ("sendkey", "tcp.options.mptcp.sendkey", "d"),
        ("recvkey", "tcp.options.mptcp.recvkey", "d"),
        ("recvtok", "tcp.options.mptcp.recvtok", "d"),
        ("sendrand", "tcp.options.mptcp.sendrand", "d"),
        ("sendtrunchmac", "tcp.options.mptcp.sendtrunchmac", "d"),
        ("sendhmac", "tcp.options.mptcp.sendhmac", "s"),
        ("addaddrtrunchmac", "tcp.options.mptcp.addaddrtrunchmac", "d"),
        ("rawdataack", "tcp.options.mptcp.rawdataack", "d"),
        ("rawdataseqno", "tcp.options.mptcp.rawdataseqno", "d"),
        ("subflowseqno", "tcp.options.mptcp.subflowseqno", "d"),
        ("datalvllen", "tcp.options.mptcp.datalvllen", "d"),
        ("checksum", "tcp.options.mptcp.checksum", "x4"),
        ("datafin", "tcp.options.mptcp.datafin.flag", "b"),
        ("backup", "tcp.options.mptcp.backup.flag", "b"),
        ("addrid", "tcp.options.mptcp.addrid", "d"),
        ("echo", "tcp.options.mptcp.echo", "b"),
        ("ipver", "tcp.options.mptcp.ipver", "d"),
        ("ipv4", "tcp.options.mptcp.ipv4", "s"),
        ("ipv6", "tcp.options.mptcp.ipv6", "s"),
        ("port", "tcp.options.mptcp.port", "d"),
        ("rst_reason", "tcp.options.mptcp.rst_reason", "x2"),
    ];

    public static TheoryData<string> Captures() => new(
        new[] { "seed-echo.pcap", "v1-csum-ipv4.pcap", "v1-nocsum-ipv4.pcap", "v1-ipv6.pcap", "v1-addaddr-port.pcap", "v1-prio-remove.pcap", "v1-fastclose.pcap" }
            .Select(Samples.Capture)
            .Concat(new[] { "mptcp-v0", "mptcp-v1", "mptcp-aa-v1", "mptcp-fclose", "mptcp-tcprst" }.Select(n => Path.Combine(Samples.TcpdumpTests, n + ".pcap"))));

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryFieldAgreesWithTshark(string path)
    {
        Dictionary<long, string[]> tshark = RunTshark(path);
        int compared = 0;
        using CaptureReader reader = CaptureReader.Open(path);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                continue;
            }

            string[] ours = Ours(segment.Options);
            string[] theirs = tshark.GetValueOrDefault(frame.FrameNumber, new string[Fields.Length]);
            for (int i = 0; i < Fields.Length; i++)
            {
                Assert.True(ours[i] == (theirs[i] ?? string.Empty), $"{Path.GetFileName(path)} frame {frame.FrameNumber} {Fields[i].Field}: ours '{ours[i]}', tshark '{theirs[i]}'");
                compared += ours[i].Length > 0 ? 1 : 0;
            }
        }

        Assert.True(compared > 0);
    }

    private static string[] Ours(ReadOnlySpan<byte> options)
    {
        var values = Fields.Select(_ => new List<string>()).ToArray();
        foreach (TcpOption option in TcpOptionWalker.MptcpOptions(options))
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                MptcpJson.Write(json, option.Bytes);
            }

            using JsonDocument document = JsonDocument.Parse(buffer.ToArray());
            bool isDss = document.RootElement.GetProperty("subtype").GetInt32() == 2;
            for (int i = 0; i < Fields.Length; i++)
            {
                if (!document.RootElement.TryGetProperty(Fields[i].Member, out JsonElement value) || (isDss && Fields[i].Member == "checksum"))
                {
                    continue;
                }

                IEnumerable<JsonElement> items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [value];
                values[i].AddRange(items.Select(item => Text(item, Fields[i].Format)));
            }
        }

        return values.Select(v => string.Join('|', v)).ToArray();
    }

    private static string Text(JsonElement value, string format) => format switch
    {
        "b" => value.GetBoolean() ? "1" : "0",
        "s" => value.GetString()!,
        "d" => UInt64(value).ToString(CultureInfo.InvariantCulture),
        _ => "0x" + UInt64(value).ToString(format, CultureInfo.InvariantCulture),
    };

    // 64-bit fields are decimal strings (as tshark writes them), the others numbers.
    private static ulong UInt64(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? ulong.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetUInt64();

    private static Dictionary<long, string[]> RunTshark(string path)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-n", "-r", path, "-T", "fields", "-E", "separator=/t", "-E", "aggregator=|", "-e", "frame.number" }
            .Concat(Fields.SelectMany(f => new[] { "-e", f.Field })))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start (.ci/run installs it)");
        string output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .ToDictionary(columns => long.Parse(columns[0], CultureInfo.InvariantCulture), columns => columns.Skip(1).ToArray());
    }
}
