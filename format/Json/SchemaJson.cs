using System;
using System.Text.Json;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Json;

// The JSON members of an option that has no hand-written form (a user's own), derived from its schema: each value
// under its member name in lower case (AddressId → addressid, as Wireshark writes its field names).
// Flags are booleans, numbers are numbers except 8-octet ones, which are strings (as tshark writes 64-bit values,
// so that JavaScript and jq, which round above 2^53, keep them exact), octets and addresses are strings.
internal readonly struct SchemaJson : IMptcpFieldVisitor
{
    private readonly Utf8JsonWriter _json;

    public SchemaJson(Utf8JsonWriter json) => _json = json;

    public void Flag(string name, bool value)
    {
        Name(name);
        _json.WriteBooleanValue(value);
    }

    public void Number(string name, ulong value, int octets)
    {
        Name(name);
        if (octets == 8)
        {
            Span<char> digits = stackalloc char[20];
            value.TryFormat(digits, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            _json.WriteStringValue(digits[..n]);
        }
        else
        {
            _json.WriteNumberValue(value);
        }
    }

    public void Octets(string name, scoped ReadOnlySpan<byte> value)
    {
        Name(name);
        Span<char> hex = stackalloc char[2 * value.Length];
        Convert.TryToHexStringLower(value, hex, out int n);
        _json.WriteStringValue(hex[..n]);
    }

    public void Address(string name, MptcpAddress value)
    {
        Name(name);
        Span<char> text = stackalloc char[64];
        _json.WriteStringValue(value.TryFormat(text, out int n) ? text[..n] : default);
    }

    private void Name(string name)
    {
        Span<char> word = stackalloc char[2 * name.Length]; // a hyphen at most before each letter
        _json.WritePropertyName(word[..SchemaNames.Kebab(name, word)]);
    }
}
