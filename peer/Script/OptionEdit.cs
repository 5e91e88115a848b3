using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Mptcp.Codec.Peer.Script;

/// <summary>
/// Octets made from a valid option by a change that keeps its meaning from run to run: the option cut or extended to
/// <see cref="Length"/> octets and some octets replaced, the rest those of the valid option as this run builds it
/// (its token, HMAC, keys and DSNs from this run's keys). A fuzz case whose mutation left those values alone replays
/// with them right; one whose mutation changed them replays with them changed the same way. Written in a script as
/// <c>edit LENGTH [AT:HEX …]</c> (offsets from the option's kind octet).
/// </summary>
/// <param name="Length">The edited option's length in octets.</param>
/// <param name="Replacements">Octets replaced, by offset, in offset order, none overlapping.</param>
public sealed record OptionEdit(int Length, IReadOnlyList<(int At, byte[] Octets)> Replacements)
{
    /// <summary>The most octets an edited option may have: the 40 of the TCP options.</summary>
    public const int MaxLength = 40;

    /// <summary>The edit that makes <paramref name="edited"/> of <paramref name="valid"/>: every octet that differs (or that <paramref name="valid"/> does not have), in runs.</summary>
    public static OptionEdit Between(ReadOnlySpan<byte> valid, ReadOnlySpan<byte> edited)
    {
        var runs = new List<(int, byte[])>();
        int i = 0;
        while (i < edited.Length)
        {
            if (i < valid.Length && valid[i] == edited[i])
            {
                i++;
                continue;
            }

            int start = i;
            while (i < edited.Length && (i >= valid.Length || valid[i] != edited[i]))
            {
                i++;
            }

            runs.Add((start, edited[start..i].ToArray()));
        }

        return new OptionEdit(edited.Length, runs);
    }

    /// <summary>The edited octets of <paramref name="valid"/>.</summary>
    public byte[] Apply(byte[] valid)
    {
        ArgumentNullException.ThrowIfNull(valid);
        byte[] edited = new byte[Length];
        valid.AsSpan(0, Math.Min(valid.Length, Length)).CopyTo(edited);
        foreach ((int at, byte[] octets) in Replacements)
        {
            octets.AsSpan(0, Math.Min(octets.Length, Math.Max(0, Length - at))).CopyTo(edited.AsSpan(Math.Min(at, Length)));
        }

        return edited;
    }

    /// <summary>Parses the words after <c>edit</c>: a length, then <c>AT:HEX</c> replacements; a mistake is a <see cref="FormatException"/> in words.</summary>
    public static OptionEdit Parse(string length, IEnumerable<string> replacements)
    {
        ArgumentNullException.ThrowIfNull(replacements);
        if (!int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1 || n > MaxLength)
        {
            throw new FormatException($"'{length}' is not an edited option's length (1 to {MaxLength})");
        }

        var runs = new List<(int, byte[])>();
        int end = 0;
        foreach (string word in replacements)
        {
            int colon = word.IndexOf(':', StringComparison.Ordinal);
            byte[] octets;
            try
            {
                octets = colon > 0 ? Convert.FromHexString(word[(colon + 1)..]) : [];
            }
            catch (FormatException)
            {
                octets = [];
            }

            if (colon <= 0 || !int.TryParse(word.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out int at) || octets.Length == 0)
            {
                throw new FormatException($"'{word}' is not a replacement AT:HEX (an offset, a colon, hex octets: 5:ff00)");
            }

            if (at < end || at + octets.Length > n)
            {
                throw new FormatException($"'{word}': replacements go in offset order, without overlapping, within the {n} octets");
            }

            runs.Add((at, octets));
            end = at + octets.Length;
        }

        return new OptionEdit(n, runs);
    }

    /// <summary><c>edit LENGTH AT:HEX …</c>, as a script writes it.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("edit ").Append(Length.ToString(CultureInfo.InvariantCulture));
        foreach ((int at, byte[] octets) in Replacements)
        {
            text.Append(' ').Append(at.ToString(CultureInfo.InvariantCulture)).Append(':').Append(Convert.ToHexStringLower(octets));
        }

        return text.ToString();
    }

    /// <summary>Equal when the length and every replacement are.</summary>
    public bool Equals(OptionEdit? other) =>
        other is not null && Length == other.Length && Replacements.Count == other.Replacements.Count &&
        Replacements.Zip(other.Replacements).All(p => p.First.At == p.Second.At && p.First.Octets.AsSpan().SequenceEqual(p.Second.Octets));

    /// <summary>A hash of the length and the offsets.</summary>
    public override int GetHashCode() => HashCode.Combine(Length, Replacements.Count);
}
