using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace Mptcp.Codec.Cli.Output.Parquet;

/// <summary>One column of a Parquet export: its field, and the values of the row group being filled.</summary>
internal abstract class ParquetColumn(DataField field)
{
    public DataField Field { get; } = field;

    /// <summary>Takes the row's value from its JSON (the absence of a key is a null).</summary>
    public abstract void Add(JsonElement? value);

    /// <summary>Writes the row group's values and starts the next group empty.</summary>
    public abstract void Flush(ParquetRowGroupWriter group);
}

/// <summary>A nullable column of a value type; 64-bit numbers come from JSON strings, as the JSON writes them.</summary>
internal sealed class ValueColumn<T>(string name, Func<JsonElement, T> read) : ParquetColumn(new DataField<T?>(name))
    where T : struct
{
    private readonly List<T?> _values = [];

    public override void Add(JsonElement? value) => _values.Add(value is JsonElement v && v.ValueKind != JsonValueKind.Null ? read(v) : null);

    public override void Flush(ParquetRowGroupWriter group)
    {
        group.WriteAsync<T>(Field, _values.ToArray().AsMemory()).GetAwaiter().GetResult();
        _values.Clear();
    }
}

/// <summary>A nullable string column; a JSON array is written as its values joined by commas (an empty one as null).</summary>
internal sealed class TextColumn(string name) : ParquetColumn(new DataField<string>(name, true))
{
    private readonly List<string?> _values = [];

    public override void Add(JsonElement? value) => _values.Add(value switch
    {
        null => null,
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() == 0 => null,
        { ValueKind: JsonValueKind.Array } a => string.Join(',', EnumerateRaw(a)),
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        JsonElement other => other.GetRawText(),
    });

    public override void Flush(ParquetRowGroupWriter group)
    {
        group.WriteAsync(Field, _values!).GetAwaiter().GetResult();
        _values.Clear();
    }

    private static IEnumerable<string> EnumerateRaw(JsonElement array)
    {
        foreach (JsonElement item in array.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
        }
    }
}

/// <summary>How JSON values become column values.</summary>
internal static class JsonValues
{
    public static long Int64(JsonElement v) => v.ValueKind == JsonValueKind.String ? long.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetInt64();

    public static ulong UInt64(JsonElement v) => v.ValueKind == JsonValueKind.String ? ulong.Parse(v.GetString()!, CultureInfo.InvariantCulture) : v.GetUInt64();

    public static int Int32(JsonElement v) => v.GetInt32();

    public static bool Boolean(JsonElement v) => v.GetBoolean();

    /// <summary>The value at a dotted path below <paramref name="element"/> (<c>from_initiator.rtt.mean_ns</c>), or null when a part is missing.</summary>
    public static JsonElement? Find(JsonElement element, string path)
    {
        foreach (string part in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return null;
            }
        }

        return element;
    }
}
