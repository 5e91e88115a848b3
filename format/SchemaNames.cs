using System;

namespace Mptcp.Codec.Format;

// The words that text and JSON derive from a schema member's name.
internal static class SchemaNames
{
    // AddressId → address-id, into destination (twice the name's length suffices).
    public static int Kebab(string name, Span<char> destination) => Lower(name, destination, '-');

    // AddressId → addressid, as Wireshark's field names are written.
    public static int Flat(string name, Span<char> destination) => Lower(name, destination, null);

    private static int Lower(string name, Span<char> destination, char? separator)
    {
        int n = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (separator is char s && i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                destination[n++] = s;
            }

            destination[n++] = char.ToLowerInvariant(c);
        }

        return n;
    }
}
