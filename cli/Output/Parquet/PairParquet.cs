using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Mptcp.Codec.Cli.Output.Parquet;

/// <summary>
/// <c>pair --format parquet -o OUT</c>: one row per segment of the paired subflows (matched, lost, or seen only at the
/// receiver), the columns of <c>pair --format json</c>'s segment objects, taken from those objects so that the two
/// exports cannot differ. Rows are written in groups of <see cref="PacketParquet.RowGroup"/>.
/// </summary>
internal static class PairParquet
{
    private static readonly (string Key, char Type)[] Columns =
    [
        ("type", 's'), ("src", 's'), ("sport", 'i'), ("dst", 's'), ("dport", 'i'), ("seq", 'l'), ("ack", 'l'), ("len", 'i'),
        ("frame_a", 'l'), ("frame_b", 'l'), ("owd_ns", 'l'), ("connection", 'i'), ("subflow", 'i'), ("sender", 's'), ("reinjection", 's'),
    ];

    /// <summary>Writes the segment objects among <paramref name="jsonLines"/> (what <c>pair --format json</c> prints) to <paramref name="file"/>.</summary>
    public static void Write(IEnumerable<byte[]> jsonLines, Stream file)
    {
        List<ParquetColumn> columns = [.. Columns.Select(c => c.Type switch
        {
            'i' => new ValueColumn<int>(c.Key, JsonValues.Int32),
            'l' => new ValueColumn<long>(c.Key, JsonValues.Int64),
            _ => (ParquetColumn)new TextColumn(c.Key),
        })];
        ParquetWriter writer = ParquetWriter.CreateAsync(new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), file).GetAwaiter().GetResult();
        int rows = 0;
        foreach (byte[] line in jsonLines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement row = document.RootElement;
            if (row.GetProperty("type").GetString() is "subflow" or "connection" or "clock")
            {
                continue;
            }

            for (int i = 0; i < Columns.Length; i++)
            {
                columns[i].Add(row.TryGetProperty(Columns[i].Key, out JsonElement value) ? value : null);
            }

            if (++rows == PacketParquet.RowGroup)
            {
                Flush(writer, columns);
                rows = 0;
            }
        }

        if (rows > 0)
        {
            Flush(writer, columns);
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    private static void Flush(ParquetWriter writer, List<ParquetColumn> columns)
    {
        using ParquetRowGroupWriter group = writer.CreateRowGroup();
        foreach (ParquetColumn column in columns)
        {
            column.Flush(group);
        }
    }
}
