using System;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

public static partial class MptcpJson
{
    /// <summary>
    /// Writes the object for the option a union holds, without encoding it first: the SDK's options with Wireshark's
    /// names, a union's own options with <c>name</c> and the members derived from their schema, exactly as
    /// <see cref="Write{TSet}(Utf8JsonWriter, ReadOnlySpan{byte})"/> writes the octets they encode to.
    /// </summary>
    public static void Write<TSet>(Utf8JsonWriter json, in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        WriteMembers(json, option);
        json.WriteEndObject();
    }

    // The members of the option's object (between its braces).
    internal static void WriteMembers<TSet>(Utf8JsonWriter json, in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        if (typeof(TSet) == typeof(MptcpOption))
        {
            WriteBuiltIn(json, Unsafe.As<TSet, MptcpOption>(ref Unsafe.AsRef(in option)));
            return;
        }

        if (!option.IsBuiltIn)
        {
            json.WriteNumber("subtype"u8, option.Subtype);
            json.WriteNumber("length"u8, option.GetEncodedLength());
            json.WriteString("name"u8, option.TextName);
            var fields = new SchemaJson(json);
            option.Accept(ref fields);
            return;
        }

        // One of the SDK's options in a user's union: its members are the SDK union's, read back from its octets.
        Span<byte> octets = stackalloc byte[byte.MaxValue];
        MptcpStatus status = option.Write(octets, out int length);
        MptcpError error = default;
        if (status == MptcpStatus.Ok && MptcpOption.TryRead(octets[..length], out MptcpOption builtIn, out error))
        {
            WriteBuiltIn(json, builtIn);
            return;
        }

        json.WriteNumber("subtype"u8, option.Subtype);
        json.WriteString("status"u8, (status == MptcpStatus.Ok ? error.Status : status).ToString());
    }

    internal static void WriteBuiltIn(Utf8JsonWriter json, in MptcpOption option)
    {
        json.WriteNumber("subtype"u8, option.Subtype);
        json.WriteNumber("length"u8, option.GetEncodedLength());
        OptionJson.WriteFields(json, option);
    }
}
