using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Mptcp.Codec.Cli.Output.Parquet;

/// <summary>
/// <c>read --format parquet -o OUT</c>: one row per MPTCP option of each packet that has one (and one row with the
/// option columns null for a packet whose option block broke before its first MPTCP option), with the packet's fields
/// repeated on each of its rows, and the values of <c>read --format json</c> in typed columns (the schema is
/// docs/parquet.md). Rows are written in groups of <see cref="RowGroup"/>, so memory stays constant. The values are
/// taken from the packet's JSON object, so that the two exports cannot differ.
/// </summary>
internal sealed class PacketParquet : IDisposable
{
    /// <summary>Rows per row group.</summary>
    public const int RowGroup = 65_536;

    // Columns of the packet (from the object's top level), of the option, and of the "mptcp" analysis object.
    private static readonly (string Key, Func<ParquetColumn> Make)[] PacketColumns =
    [
        ("frame", () => new ValueColumn<long>("frame", JsonValues.Int64)),
        ("time_ns", () => new ValueColumn<long>("time_ns", JsonValues.Int64)),
        ("src", () => new TextColumn("src")),
        ("dst", () => new TextColumn("dst")),
        ("sport", () => new ValueColumn<int>("sport", JsonValues.Int32)),
        ("dport", () => new ValueColumn<int>("dport", JsonValues.Int32)),
        ("seq", () => new ValueColumn<long>("seq", JsonValues.Int64)),
        ("ack", () => new ValueColumn<long>("ack", JsonValues.Int64)),
        ("length", () => new ValueColumn<int>("length", JsonValues.Int32)),
    ];

    private static readonly string[] Flags = ["syn", "ack", "fin", "rst", "psh"];

    private static readonly string[] OptionBooleans =
        ["checksumreq", "extensibility", "nomoresubflows", "sha1", "sha256", "datafin", "dseqn8", "dseqnpresent", "dataack8", "dataackpresent", "backup", "echo", "flag_U", "flag_V", "flag_W", "flag_T"];

    private static readonly string[] OptionInts = ["subtype", "version", "ipver", "subflowseqno", "datalvllen", "checksum", "sendrand", "recvtok", "port", "rst_reason"];

    private static readonly string[] OptionUInt64s = ["sendkey", "recvkey", "rawdataack", "rawdataseqno", "addaddrtrunchmac", "sendtrunchmac"];

    private static readonly string[] OptionTexts = ["ipv4", "ipv6", "sendhmac", "addrid"];

    private readonly List<(string Key, ParquetColumn Column)> _packet = [];
    private readonly List<(string Key, ParquetColumn Column)> _option = [];
    private readonly List<(string Key, ParquetColumn Column)> _analysis = [];
    private readonly ParquetColumn _optionIndex = new ValueColumn<int>("option_index", JsonValues.Int32);
    private readonly ParquetColumn _optionLength = new ValueColumn<int>("option_length", JsonValues.Int32);
    private readonly ParquetColumn _blockErrorStatus = new TextColumn("option_block_error_status");
    private readonly ParquetColumn _blockErrorOffset = new ValueColumn<int>("option_block_error_offset", JsonValues.Int32);
    private readonly ParquetColumn _cutCaptured = new ValueColumn<int>("header_cut_captured", JsonValues.Int32);
    private readonly ParquetColumn _cutHeaderLength = new ValueColumn<int>("header_cut_length", JsonValues.Int32);
    private readonly ParquetColumn _checks = new TextColumn("checks");
    private readonly ParquetWriter _writer;
    private readonly Stream _file;
    private int _rows;

    public PacketParquet(Stream file)
    {
        _file = file;
        _packet.AddRange(PacketColumns.Select(c => (c.Key, c.Make())));
        _packet.AddRange(Flags.Select(f => ("flags." + f, (ParquetColumn)new ValueColumn<bool>("flag_" + f, JsonValues.Boolean))));
        _option.AddRange(OptionInts.Select(k => (k, (ParquetColumn)new ValueColumn<long>(k, JsonValues.Int64))));
        _option.AddRange(OptionBooleans.Select(k => (k, (ParquetColumn)new ValueColumn<bool>(k, JsonValues.Boolean))));
        _option.AddRange(OptionUInt64s.Select(k => (k, (ParquetColumn)new ValueColumn<ulong>(k, JsonValues.UInt64))));
        _option.AddRange(OptionTexts.Select(k => (k, (ParquetColumn)new TextColumn(k))));
        _analysis.Add(("stream", new ValueColumn<int>("mptcp_stream", JsonValues.Int32)));
        _analysis.Add(("master", new ValueColumn<bool>("mptcp_master", JsonValues.Boolean)));
        _analysis.Add(("related_mapping", new ValueColumn<long>("mptcp_related_mapping", JsonValues.Int64)));
        _analysis.Add(("rawdsn64", new ValueColumn<ulong>("mptcp_rawdsn64", JsonValues.UInt64)));
        _analysis.Add(("dsn", new ValueColumn<ulong>("mptcp_dsn", JsonValues.UInt64)));
        _analysis.Add(("ack", new ValueColumn<ulong>("mptcp_ack", JsonValues.UInt64)));
        _analysis.Add(("reinjection_of", new TextColumn("mptcp_reinjection_of")));
        _analysis.Add(("reinjected_in", new TextColumn("mptcp_reinjected_in")));
        _analysis.Add(("expert", new TextColumn("mptcp_expert")));
        var schema = new ParquetSchema(Columns().Select(c => (Field)c.Field).ToArray());
        _writer = ParquetWriter.CreateAsync(schema, file).GetAwaiter().GetResult();
    }

    // JSON values made here, without JsonSerializer (reflection, which Native AOT cannot keep).
    private static JsonElement Number(int value) => Parse(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    private static JsonElement Strings(IEnumerable<string> values)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (string value in values)
            {
                json.WriteStringValue(value);
            }

            json.WriteEndArray();
        }

        return Parse(buffer.WrittenSpan.ToArray());
    }

    private static JsonElement Parse(byte[] json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Takes one packet's JSON object (as <c>read --format json</c> writes it): one row per option.</summary>
    public void Add(ReadOnlySpan<byte> packetJson)
    {
        using JsonDocument document = JsonDocument.Parse(packetJson.ToArray());
        JsonElement packet = document.RootElement;
        JsonElement? analysis = packet.TryGetProperty("mptcp", out JsonElement m) ? m : null;
        JsonElement? blockError = packet.TryGetProperty("option_block_error", out JsonElement e) ? e : null;
        JsonElement? cut = packet.TryGetProperty("header_cut", out JsonElement h) ? h : null;
        JsonElement? checks = packet.TryGetProperty("checks", out JsonElement c)
            ? Strings(c.EnumerateArray().Select(x => $"{x.GetProperty("kind").GetString()}:{x.GetProperty("outcome").GetString()}"))
            : null;
        int index = 0;
        JsonElement[] options = packet.GetProperty("options").EnumerateArray().ToArray();
        foreach (JsonElement? option in options.Length > 0 ? options.Select(o => (JsonElement?)o) : [null])
        {
            foreach ((string key, ParquetColumn column) in _packet)
            {
                column.Add(key.StartsWith("flags.", StringComparison.Ordinal) ? packet.GetProperty("flags").GetProperty(key[6..]) : packet.GetProperty(key));
            }

            _optionIndex.Add(option is null ? null : Number(index++));
            _optionLength.Add(option?.GetProperty("length"));
            _blockErrorStatus.Add(blockError?.GetProperty("status"));
            _blockErrorOffset.Add(blockError?.GetProperty("offset"));
            _cutCaptured.Add(cut?.GetProperty("captured"));
            _cutHeaderLength.Add(cut?.GetProperty("header_length"));
            _checks.Add(checks);
            foreach ((string key, ParquetColumn column) in _option)
            {
                column.Add(option is JsonElement o && o.TryGetProperty(key, out JsonElement v) ? v : null);
            }

            foreach ((string key, ParquetColumn column) in _analysis)
            {
                column.Add(analysis is JsonElement a && a.TryGetProperty(key, out JsonElement v) ? v : null);
            }

            if (++_rows == RowGroup)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes the last row group and closes the file.</summary>
    public void Dispose()
    {
        if (_rows > 0)
        {
            Flush();
        }

        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _file.Dispose();
    }

    private IEnumerable<ParquetColumn> Columns() =>
        _packet.Select(c => c.Column).Append(_blockErrorStatus).Append(_blockErrorOffset).Append(_cutCaptured).Append(_cutHeaderLength).Append(_checks).Append(_optionIndex).Append(_optionLength)
            .Concat(_option.Select(c => c.Column)).Concat(_analysis.Select(c => c.Column));

    private void Flush()
    {
        using ParquetRowGroupWriter group = _writer.CreateRowGroup();
        foreach (ParquetColumn column in Columns())
        {
            column.Flush(group);
        }

        _rows = 0;
    }
}
