using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

/// <summary>
/// Puts one option type (<see cref="DssOption"/>, a user's own option…) inside a user's serialized records: the
/// object <see cref="MptcpJson"/> writes for it (Wireshark's names for the SDK's options, schema-derived members for a
/// user's), plus <c>octets</c>, the option's encoding in hex, which <see cref="Read"/> decodes back exactly.
/// </summary>
/// <typeparam name="TOption">The option type.</typeparam>
public sealed class MptcpOptionJsonConverter<TOption> : JsonConverter<TOption>
    where TOption : struct, IMptcpOption<TOption>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">Not an object, no <c>octets</c>, or octets that are not a valid option of this type.</exception>
    public override TOption Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        byte[] octets = OptionOctetsMember.Read(ref reader, typeToConvert);
        bool read = TOption.TryRead(octets, out TOption option, out MptcpError error);
        return OptionOctetsMember.Decoded(read, option, error, TOption.TextName);
    }

    /// <inheritdoc/>
    /// <exception cref="JsonException">The option has no valid encoding.</exception>
    public override void Write(Utf8JsonWriter writer, TOption value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> octets = stackalloc byte[byte.MaxValue];
        if (value.Write(octets, out int written) != MptcpStatus.Ok)
        {
            throw OptionOctetsMember.Refused(value.Validate(out string? field), TOption.TextName, field);
        }

        writer.WriteStartObject();
        if (typeof(TOption).Assembly == typeof(MptcpOption).Assembly
            && MptcpOption.TryRead(octets[..written], out MptcpOption builtIn, out _))
        {
            MptcpJson.WriteBuiltIn(writer, builtIn); // the SDK's option: Wireshark's names
        }
        else
        {
            writer.WriteNumber("subtype"u8, TOption.Subtype);
            writer.WriteNumber("length"u8, value.GetEncodedLength());
            writer.WriteString("name"u8, TOption.TextName);
            var fields = new SchemaJson(writer);
            value.Accept(ref fields);
        }

        OptionOctetsMember.Write(writer, octets[..written]);
        writer.WriteEndObject();
    }
}
