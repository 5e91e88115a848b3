using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Mptcp.Codec.Cli.Output.Parquet;

/// <summary>
/// <c>summary --format parquet -o OUT</c>: one row per subflow, with its connection's figures repeated on each, taken
/// from the summary's JSON (so the two cannot differ): the connection's keys, tokens, duration and data directions,
/// the subflow's role, endpoints, state and per-direction traffic. The schema is docs/parquet.md.
/// </summary>
internal static class SubflowParquet
{
    // (JSON path below the connection or the subflow, column, type): paths with '.' go into nested objects.
    private static readonly (string Path, string Column, char Type)[] ConnectionColumns =
    [
        ("connection", "connection", 'i'), ("stream", "stream", 'i'), ("version", "version", 'i'), ("handshake_seen", "handshake_seen", 'b'), ("checksums", "checksums", 'b'), ("fallback", "fallback", 'b'),
        ("client_key", "client_key", 'u'), ("server_key", "server_key", 'u'), ("client_token", "client_token", 'l'), ("server_token", "server_token", 'l'),
        ("duration_ns", "duration_ns", 'l'),
        ("reinjections.frames", "reinjections_frames", 'l'), ("reinjections.pairs", "reinjections_pairs", 'l'),
        ("reinjections.mptcp_resends", "reinjections_mptcp_resends", 'l'), ("reinjections.tcp_retransmissions", "reinjections_tcp_retransmissions", 'l'),
        .. Direction("client_to_server"), .. Direction("server_to_client"),
    ];

    private static readonly (string Path, string Column, char Type)[] SubflowColumns =
    [
        ("subflow", "subflow", 'i'), ("role", "role", 's'), ("initiator_side", "initiator_side", 's'), ("initiator", "initiator", 's'), ("listener", "listener", 's'),
        ("backup", "backup", 'b'), ("established", "established", 'b'), ("reset", "reset", 'b'),
        ("initiator_bytes", "initiator_bytes", 'l'), ("listener_bytes", "listener_bytes", 'l'), ("first_seen_ns_after_connection", "first_seen_ns_after_connection", 'l'),
        .. Traffic("from_initiator"), .. Traffic("from_listener"),
    ];

    /// <summary>Writes the subflows of <paramref name="summaryJson"/> (what <c>summary --format json</c> prints) to <paramref name="file"/>.</summary>
    public static void Write(ReadOnlySpan<byte> summaryJson, Stream file)
    {
        using JsonDocument document = JsonDocument.Parse(summaryJson.ToArray());
        List<(string Path, bool OfSubflow, ParquetColumn Column)> columns =
        [
            .. ConnectionColumns.Select(c => (c.Path, false, Make(c.Column, c.Type))),
            .. SubflowColumns.Select(c => (c.Path, true, Make(c.Column, c.Type))),
        ];
        foreach (JsonElement connection in document.RootElement.GetProperty("connections").EnumerateArray())
        {
            foreach (JsonElement subflow in connection.GetProperty("subflows").EnumerateArray())
            {
                foreach ((string path, bool ofSubflow, ParquetColumn column) in columns)
                {
                    column.Add(JsonValues.Find(ofSubflow ? subflow : connection, path));
                }
            }
        }

        ParquetWriter writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Column.Field).ToArray()), file).GetAwaiter().GetResult();
        using (ParquetRowGroupWriter group = writer.CreateRowGroup())
        {
            foreach ((_, _, ParquetColumn column) in columns)
            {
                column.Flush(group);
            }
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static (string, string, char)[] Direction(string name) =>
        [($"{name}.bytes", $"{name}_bytes", 'l'), ($"{name}.data_fin", $"{name}_data_fin", 'b'), ($"{name}.goodput", $"{name}_goodput", 'l'),
         ($"{name}.out_of_order_events", $"{name}_out_of_order_events", 'l'), ($"{name}.max_reorder_depth", $"{name}_max_reorder_depth", 'l'), ($"{name}.data_acked", $"{name}_data_acked", 'l'),
         .. Rtt($"{name}.data_rtt")];

    private static (string, string, char)[] Traffic(string name) =>
        [.. new[] { "segments", "payload_octets", "first_delivered_octets", "retransmitted_segments", "reinjected_segments", "reinjected_octets" }
            .Select(f => ($"{name}.{f}", $"{name}_{f}", 'l')), .. Rtt($"{name}.rtt")];

    private static (string, string, char)[] Rtt(string path) =>
        [.. new[] { "samples", "min_ns", "mean_ns", "max_ns" }.Select(f => ($"{path}.{f}", $"{path.Replace('.', '_')}_{f}", 'l'))];

    private static ParquetColumn Make(string name, char type) => type switch
    {
        'i' => new ValueColumn<int>(name, JsonValues.Int32),
        'l' => new ValueColumn<long>(name, JsonValues.Int64),
        'u' => new ValueColumn<ulong>(name, JsonValues.UInt64),
        'b' => new ValueColumn<bool>(name, JsonValues.Boolean),
        _ => new TextColumn(name),
    };
}
