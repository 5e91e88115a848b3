using System;

namespace Mptcp.Codec.Format;

// The word text and JSON both derive from a schema member's name: one rule, so that `hop-count 2` in a listing
// is "hop-count": 2 in the JSON of the same option.
internal static class SchemaNames
{
    // AddressId → address-id, into destination (twice the name's length suffices).
    public static int Kebab(string name, Span<char> destination)
    {
        int n = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]))
            {
                destination[n++] = '-';
            }

            destination[n++] = char.ToLowerInvariant(c);
        }

        return n;
    }
}
