using System;
using System.Text.Json;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

/// <summary>
/// One MPTCP option as a JSON object whose member names are Wireshark's <c>tcp.options.mptcp.*</c> field names
/// (<c>subtype</c>, <c>sendkey</c>, <c>rawdataseqno</c>…). Values of 64-bit fields (keys, DSNs, data ACKs, truncated
/// HMACs) are decimal strings, as tshark writes them, because JavaScript and <c>jq</c> round numbers above 2^53; other
/// numbers are JSON numbers, flags booleans, the full MP_JOIN HMAC hex, addresses text. A malformed option carries
/// its <c>status</c>, <c>offset</c> and <c>raw</c> octets.
/// </summary>
public static partial class MptcpJson
{
    /// <summary>Writes the object for <paramref name="option"/> (kind and length included).</summary>
    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> option) => Write<MptcpOption>(json, option);

    /// <summary>Writes a 64-bit value as a decimal string, as tshark does, so that no JSON reader rounds it.</summary>
    public static void WriteUInt64(Utf8JsonWriter json, string name, ulong value)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(name);
        WriteUInt64Value(json, value);
    }

    /// <summary>As <see cref="WriteUInt64(Utf8JsonWriter, string, ulong)"/>, the name in UTF-8 (as <c>"name"u8</c>).</summary>
    public static void WriteUInt64(Utf8JsonWriter json, ReadOnlySpan<byte> utf8Name, ulong value)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(utf8Name);
        WriteUInt64Value(json, value);
    }

    // Digits and quotes need no escaping: written raw, without the writer's escaping scan (issue 17).
    private static void WriteUInt64Value(Utf8JsonWriter json, ulong value)
    {
        Span<byte> text = stackalloc byte[22];
        text[0] = (byte)'"';
        value.TryFormat(text[1..], out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        text[n + 1] = (byte)'"';
        json.WriteRawValue(text[..(n + 2)], skipInputValidation: true);
    }

    /// <summary>Writes the object for an option already decoded (nothing is decoded twice): its subtype, the length it
    /// encodes to, and its fields, as <see cref="Write(Utf8JsonWriter, ReadOnlySpan{byte})"/> writes its octets.</summary>
    public static void Write(Utf8JsonWriter json, in MptcpOption option)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        WriteBuiltIn(json, option);
        json.WriteEndObject();
    }

    /// <summary>
    /// Writes the object for <paramref name="option"/> read through the union <typeparamref name="TSet"/>: the SDK's
    /// options with Wireshark's names, a union's own options with <c>name</c> and the members derived from their schema.
    /// </summary>
    public static void Write<TSet>(Utf8JsonWriter json, ReadOnlySpan<byte> option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        if (option.Length >= 3)
        {
            json.WriteNumber("subtype"u8, option[2] >> 4);
        }

        if (option.Length >= 2)
        {
            json.WriteNumber("length"u8, option[1]);
        }

        if (typeof(TSet) != typeof(MptcpOption) && TSet.TryRead(option, out TSet own, out _) && !own.IsBuiltIn)
        {
            json.WriteString("name"u8, own.TextName);
            var fields = new SchemaJson(json);
            own.Accept(ref fields);
        }
        else if (MptcpOption.TryRead(option, out MptcpOption decoded, out MptcpError error))
        {
            OptionJson.WriteFields(json, decoded);
        }
        else
        {
            json.WriteString("status"u8, error.Status.ToString());
            json.WriteNumber("offset"u8, error.Offset);
            json.WriteString("raw"u8, Convert.ToHexStringLower(option));
        }

        json.WriteEndObject();
    }
}
