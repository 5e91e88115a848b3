using System;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

/// <summary>
/// Puts the option a union holds (<see cref="Options.MptcpOption"/>, or a user's union) inside a user's serialized
/// records: the object <see cref="MptcpJson.Write{TSet}(Utf8JsonWriter, in TSet)"/> writes, plus <c>octets</c>, the
/// option's encoding in hex, which <see cref="Read"/> decodes back exactly. A union that holds no option is
/// <c>{"octets": ""}</c> with its subtype -1.
/// </summary>
/// <typeparam name="TSet">The union.</typeparam>
public sealed class MptcpOptionSetJsonConverter<TSet> : JsonConverter<TSet>
    where TSet : struct, IMptcpOptionSet<TSet>
{
    /// <inheritdoc/>
    /// <exception cref="JsonException">Not an object, no <c>octets</c>, or octets that are not a valid option of the union.</exception>
    public override TSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        byte[] octets = OptionOctetsMember.Read(ref reader, typeToConvert);
        if (octets.Length == 0)
        {
            return default;
        }

        bool read = TSet.TryRead(octets, out TSet option, out MptcpError error);
        return OptionOctetsMember.Decoded(read, option, error, typeof(TSet).Name);
    }

    /// <inheritdoc/>
    /// <exception cref="JsonException">The option held has no valid encoding.</exception>
    public override void Write(Utf8JsonWriter writer, TSet value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> octets = stackalloc byte[byte.MaxValue];
        int written = 0;
        if (value.OptionTypeIndex >= 0 && value.Write(octets, out written) != MptcpStatus.Ok)
        {
            throw OptionOctetsMember.Refused(value.Validate(out string? field), value.TextName, field);
        }

        writer.WriteStartObject();
        MptcpJson.WriteMembers(writer, value);
        OptionOctetsMember.Write(writer, octets[..written]);
        writer.WriteEndObject();
    }
}
