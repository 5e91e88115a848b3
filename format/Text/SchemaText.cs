using System;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Format.Text;

// The text of an option that has no hand-written form (a user's own), derived from its schema: its text name, then
// each value as name value in wire order. Member names become lower-case words joined by '-'
// (AddressId → address-id); a flag shows as its name when set; octets as 0x….
internal ref struct SchemaText : IMptcpFieldVisitor
{
    private CharWriter _writer;

    public SchemaText(CharWriter writer) => _writer = writer;

    public readonly CharWriter Writer => _writer;

    public void Flag(string name, bool value)
    {
        if (value)
        {
            Name(name);
        }
    }

    public void Number(string name, ulong value, int octets)
    {
        Name(name);
        _writer.Append(" ");
        _writer.Append(value);
    }

    public void Octets(string name, scoped ReadOnlySpan<byte> value)
    {
        Name(name);
        _writer.Append(" ");
        _writer.AppendHexBytes(value);
    }

    public void Address(string name, MptcpAddress value)
    {
        Name(name);
        _writer.Append(" ");
        _writer.Append(value);
    }

    private void Name(string name)
    {
        _writer.Append(" ");
        Span<char> word = stackalloc char[2 * name.Length];
        _writer.Append(word[..SchemaNames.Kebab(name, word)]);
    }
}
