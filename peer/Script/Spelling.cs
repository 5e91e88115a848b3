using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Script;

// The known word nearest a mistyped one, so that a script mistake can say what was probably meant.
internal static class Spelling
{
    // The word of known at the least edit distance from word (letters compared
    // without case), if it is close enough to be a typo: at most a third of the word's length, and at least 1.
    public static string? Closest(string word, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int d = Distance(word, candidate);
            if (d < bestDistance)
            {
                (best, bestDistance) = (candidate, d);
            }
        }

        return bestDistance <= Math.Max(1, word.Length / 3) ? best : null;
    }

    // " (did you mean 'X'?)" when a known word is near, else nothing.
    public static string Suggestion(string word, IEnumerable<string> known) =>
        Closest(word, known) is string near ? $" (did you mean '{near}'?)" : string.Empty;

    // Levenshtein distance, case-insensitive: one row of the table at a time (cost length × length, words are short).
    private static int Distance(string a, string b)
    {
        Span<int> row = stackalloc int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            row[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                bool same = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]);
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (same ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
