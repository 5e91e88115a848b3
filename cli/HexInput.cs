using System;
using System.Globalization;
using System.Text;

namespace Mptcp.Codec.Cli;

/// <summary>
/// Octets typed as hex the ways people copy them: <c>1e0c…</c>, <c>1e 0c …</c>, <c>0x1e0c…</c>, <c>0x1e 0x0c</c>,
/// <c>1e:0c</c>, as tcpdump -X, Wireshark's "copy as hex" and C arrays write them.
/// </summary>
internal static class HexInput
{
    /// <summary>The octets of <paramref name="text"/>, or false with a sentence saying what is wrong and where.</summary>
    public static bool TryParse(string text, out byte[] bytes, out string problem)
    {
        bytes = [];
        var digits = new StringBuilder(text.Length);
        int position = 0;
        foreach (string token in text.Split([' ', '\t', '\n', '\r', ':', ','], StringSplitOptions.None))
        {
            int start = token.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? 2 : 0;
            for (int i = start; i < token.Length; i++)
            {
                if (!char.IsAsciiHexDigit(token[i]))
                {
                    problem = string.Create(CultureInfo.InvariantCulture, $"'{token[i]}' at character {position + i + 1} is not a hex digit");
                    return false;
                }
            }

            digits.Append(token, start, token.Length - start);
            position += token.Length + 1;
        }

        if (digits.Length == 0)
        {
            problem = "no hex digits";
            return false;
        }

        if (digits.Length % 2 != 0)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"odd number of hex digits ({digits.Length}): each octet takes two");
            return false;
        }

        bytes = Convert.FromHexString(digits.ToString());
        problem = string.Empty;
        return true;
    }
}
