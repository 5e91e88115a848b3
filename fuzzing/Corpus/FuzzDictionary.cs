using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Corpus;

/// <summary>
/// An AFL / libFuzzer dictionary of MPTCP option headers: for every form of every option type of a set (a type and a
/// length the schema accepts), the kind, length and header octets (subtype, version or flags) with the fewest header
/// bits set, and each with one more header bit set where that is valid too. Found by drawing valid options from the
/// schema (<see cref="OptionGenerator"/>), so a user's own options get entries as the built-in ones do.
/// </summary>
public static class FuzzDictionary
{
    /// <summary>Draws per option type: enough to meet every length and header bit of the SDK's options many times over.</summary>
    public const int DrawsPerType = 4000;

    // More lengths than this make an option type a list, whose lengths are not forms of their own.
    private const int ListLengths = 12;

    // Values of the subtype octet kept per length.
    private const int FormsPerLength = 2;

    /// <summary>One token: its name (letters, digits, '_') and its octets.</summary>
    public readonly record struct Entry(string Name, byte[] Octets);

    /// <summary>The entries, in order of option type, length and header value; the same on every run.</summary>
    public static IReadOnlyList<Entry> Entries<TSet>()
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var entries = new List<Entry>();
        for (int type = 0; type < TSet.OptionTypeCount; type++)
        {
            var random = new Random(type);
            var headers = new SortedSet<(int Length, uint Header)>();
            string name = "none";
            for (int i = 0; i < DrawsPerType; i++)
            {
                TSet option = OptionGenerator.Next<TSet>(random, type);
                byte[] octets = OptionGenerator.Encode(option);
                name = option.TextName;
                headers.Add((octets.Length, Header(octets)));
            }

            // A list (REMOVE_ADDR's IDs, an experimental option's data) takes every length up to 40: not forms, one
            // length after another; its shortest two and its longest stand for them, header bits unvaried.
            List<IGrouping<int, (int Length, uint Header)>> lengths = [.. headers.GroupBy(h => h.Length)];
            bool list = lengths.Count > ListLengths;
            if (list)
            {
                lengths = [lengths[0], lengths[1], lengths[^1]];
            }

            foreach (IGrouping<int, (int Length, uint Header)> length in lengths)
            {
                // A form: a length and the octet of subtype and version (or first flags), the lowest two of them (MP_CAPABLE
                // v0 and v1, not the versions no RFC has); each with the fewest bits set in the next octet, then with one more.
                foreach (IGrouping<uint, (int Length, uint Header)> form in length.GroupBy(h => (h.Header >> 8) & 0xFF).OrderBy(f => f.Key).Take(FormsPerLength))
                {
                    uint fewest = form.OrderBy(h => BitOperations.PopCount(h.Header & 0xFF)).ThenBy(h => h.Header).First().Header;
                    foreach ((int _, uint header) in form.Where(h => h.Header == fewest || (!list && OneMoreBit(h.Header, fewest))))
                    {
                        entries.Add(Token(name, length.Key, header));
                    }
                }
            }
        }

        return entries;
    }

    private static bool OneMoreBit(uint header, uint fewest)
    {
        uint bits = header & 0xFF, fewer = fewest & 0xFF;
        return BitOperations.PopCount(bits ^ fewer) == 1 && (bits & fewer) == fewer;
    }

    private static Entry Token(string name, int length, uint header)
    {
        int size = Math.Min(length, 4);
        byte[] token = new byte[size];
        for (int k = 0; k < size; k++)
        {
            token[k] = (byte)(header >> (24 - (8 * k)));
        }

        return new Entry($"{name.Replace('-', '_')}_len{length}_{Convert.ToHexStringLower(token[2..])}", token);
    }

    /// <summary>Writes the dictionary: a comment line, then <c>name="\xNN…"</c> lines, which AFL++ and libFuzzer both read.</summary>
    public static void Write<TSet>(TextWriter writer)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine("# MPTCP option headers (TCP option kind 30): kind, length, subtype and version or flags, one per form");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (Entry entry in Entries<TSet>())
        {
            if (seen.Add(entry.Name))
            {
                var line = new StringBuilder(entry.Name).Append("=\"");
                foreach (byte octet in entry.Octets)
                {
                    line.Append("\\x").Append(octet.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                }

                writer.WriteLine(line.Append('"').ToString());
            }
        }
    }

    // The first four octets, big-endian, zero-padded (an option of 3 octets has no fourth).
    private static uint Header(byte[] octets)
    {
        uint header = 0;
        for (int k = 0; k < 4; k++)
        {
            header = (header << 8) | (k < octets.Length ? octets[k] : 0u);
        }

        return header;
    }

}
