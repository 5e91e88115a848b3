using System;
using System.Text.Json;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Json;

/// <summary>
/// One MPTCP option as a JSON object whose member names are Wireshark's <c>tcp.options.mptcp.*</c> field names
/// (<c>subtype</c>, <c>sendkey</c>, <c>rawdataseqno</c>…); numbers are exact integers, the full MP_JOIN HMAC is hex,
/// addresses are text. A malformed option carries its <c>status</c>, <c>offset</c> and <c>raw</c> octets.
/// </summary>
public static class MptcpJson
{
    /// <summary>Writes the object for <paramref name="option"/> (kind and length included).</summary>
    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> option)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        if (option.Length >= 3)
        {
            json.WriteNumber("subtype", option[2] >> 4);
        }

        if (option.Length >= 2)
        {
            json.WriteNumber("length", option[1]);
        }

        if (MptcpOption.TryRead(option, out MptcpOption decoded, out MptcpError error))
        {
            OptionJson.WriteFields(json, decoded);
        }
        else
        {
            json.WriteString("status", error.Status.ToString());
            json.WriteNumber("offset", error.Offset);
            json.WriteString("raw", Convert.ToHexStringLower(option));
        }

        json.WriteEndObject();
    }
}
