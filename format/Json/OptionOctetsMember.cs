using System;
using System.Text.Json;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

// The "octets" member the converters add to an option's object: its encoding in lower-case hex, the one member that
// holds every bit (the others are Wireshark's view of it), and so the one Read decodes.
internal static class OptionOctetsMember
{
    public static ReadOnlySpan<byte> Name => "octets"u8;

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> octets) => json.WriteString(Name, Convert.ToHexStringLower(octets));

    // An option whose encoding failed is refused before anything of its object is written.
    public static JsonException Refused(MptcpStatus status, string textName, string? field) =>
        new($"cannot encode {textName}: {(status == MptcpStatus.Ok ? MptcpStatus.BadLength : status)}{(field is null ? "" : $" ({field})")}");

    // The octets of the object the reader is at (its other members skipped); empty for a union that holds none.
    public static byte[] Read(ref Utf8JsonReader reader, Type type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"an MPTCP option ({type.Name}) is a JSON object, not {reader.TokenType}");
        }

        byte[]? octets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isOctets = reader.ValueTextEquals(Name);
            reader.Read();
            if (!isOctets)
            {
                reader.Skip();
                continue;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"\"octets\" of an MPTCP option is a hex string, not {reader.TokenType}");
            }

            try
            {
                octets = Convert.FromHexString(reader.GetString()!);
            }
            catch (FormatException)
            {
                throw new JsonException($"\"octets\" of an MPTCP option is not hex: \"{reader.GetString()}\"");
            }
        }

        return octets ?? throw new JsonException($"an MPTCP option ({type.Name}) needs its \"octets\" member to be read back");
    }

    public static TOption Decoded<TOption>(bool read, TOption option, MptcpError error, string what) => read
        ? option
        : throw new JsonException($"\"octets\" are not a valid {what}: {error.Status} at {error.Describe()}");
}
