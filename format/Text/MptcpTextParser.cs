using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Text;

/// <summary>
/// The inverse of <see cref="MptcpText"/>: builds an option from its text (with or without the leading
/// <c>mptcp N</c>; the length, when given, picks 4- or 8-octet numbers and tells an IPv6 port apart).
/// Values may be derived instead of given: <c>csum auto payload &lt;hex or "text"&gt;</c> for a DSS mapping (with
/// <c>dsn N</c>, the full 64-bit data sequence number, when <c>seq</c> is the 4-octet form) and
/// <c>hmac auto keys 0xSENDER 0xRECEIVER</c> for a v1 ADD_ADDR.
/// </summary>
public static class MptcpTextParser
{
    /// <summary>Parses one option's text; on failure <paramref name="error"/> says which word was wrong.</summary>
    public static bool TryParse(string text, out MptcpOption option, out string? error)
    {
        option = default;
        try
        {
            var words = new Words(text);
            int expectedLength = 0;
            if (words.Peek() == "mptcp")
            {
                words.Next();
                if (int.TryParse(words.Peek(), NumberStyles.None, CultureInfo.InvariantCulture, out expectedLength))
                {
                    words.Next();
                }
            }

            string name = words.Next();
            option = name switch
            {
                "capable" => OptionParsers.Capable(words),
                "join" => OptionParsers.Join(words),
                "dss" => OptionParsers.Dss(words, expectedLength),
                "add-addr" => OptionParsers.AddAddress(words, expectedLength),
                "rem-addr" => OptionParsers.RemoveAddress(words),
                "prio" => OptionParsers.Prio(words),
                "fail" => new MpFailOption { DataSequenceNumber = words.Expect("seq").Number() },
                "fast-close" => new MpFastCloseOption { ReceiverKey = words.Expect("key").Number() },
                "tcprst" => OptionParsers.TcpRst(words),
                "unknown" => OptionParsers.Raw(words),
                _ => throw new FormatException($"unknown option name '{name}'"),
            };
            if (!words.AtEnd)
            {
                throw new FormatException($"unexpected '{words.Peek()}'");
            }

            MptcpStatus status = option.Validate();
            if (status != MptcpStatus.Ok)
            {
                throw new FormatException($"the option cannot be encoded: {status}");
            }

            if (expectedLength != 0 && option.GetEncodedLength() != expectedLength)
            {
                throw new FormatException($"the fields take {option.GetEncodedLength()} octets, not {expectedLength}");
            }

            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            // Overflow and argument errors are a safety net: every check above throws FormatException with a reason.
            option = default;
            error = e.Message;
            return false;
        }
    }

    // The words of the text, with a cursor.
    internal sealed class Words
    {
        private readonly List<string> _words;
        private int _next;

        public Words(string text) => _words = Split(text);

        public bool AtEnd => _next >= _words.Count;

        public string? Peek() => AtEnd ? null : _words[_next];

        public string Next() => AtEnd ? throw new FormatException("the text ends too early") : _words[_next++];

        public bool Accept(string word)
        {
            if (Peek() != word)
            {
                return false;
            }

            _next++;
            return true;
        }

        public Words Expect(string word) => Accept(word) ? this : throw new FormatException($"expected '{word}' but found '{Peek() ?? "the end"}'");

        // A decimal or 0x-hex number.
        public ulong Number() => ParseNumber(Next());

        // A number that must fit in bits bits.
        public ulong Number(int bits) => Fit(Next(), bits);

        // Parses word and checks it fits in bits bits.
        public static ulong Fit(string word, int bits)
        {
            ulong value = ParseNumber(word);
            return bits >= 64 || value >> bits == 0 ? value : throw new FormatException($"'{word}' does not fit in {bits} bits");
        }

        public string Rest()
        {
            string rest = string.Join(' ', _words.Skip(_next));
            _next = _words.Count;
            return rest;
        }

        public static ulong ParseNumber(string word)
        {
            bool hex = word.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
            return ulong.TryParse(hex ? word.AsSpan(2) : word, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
                ? value
                : throw new FormatException($"'{word}' is not a number");
        }

        // Splits on spaces but keeps "{…}", "[…]" and "\"…\"" whole.
        private static List<string> Split(string text)
        {
            var words = new List<string>();
            var current = new StringBuilder();
            char closer = '\0';
            foreach (char c in text.Trim())
            {
                if (closer == '\0' && c == ' ')
                {
                    if (current.Length > 0)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                    }

                    continue;
                }

                current.Append(c);
                closer = c == closer ? '\0' : closer != '\0' ? closer : c switch { '{' => '}', '[' => ']', '"' => '"', _ => '\0' };
            }

            if (current.Length > 0)
            {
                words.Add(current.ToString());
            }

            return words;
        }
    }

    // Parses an address, with a port glued on (10.0.0.1:80, 2001:db8::1:80, [2001:db8::1]:80).
    internal static (MptcpAddress Address, ushort? Port) ParseAddress(string word, bool? ipv6PortGlued)
    {
        if (word.StartsWith('['))
        {
            int close = word.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"'{word}' has no closing ']'");
            }

            ushort? port = close + 1 < word.Length ? ParsePort(word[(close + 2)..]) : null;
            return (Parse(word[1..close]), port);
        }

        int colons = word.Count(c => c == ':');
        if (colons == 1)
        {
            int at = word.IndexOf(':', StringComparison.Ordinal);
            return (Parse(word[..at]), ParsePort(word[(at + 1)..]));
        }

        if (colons > 1 && ipv6PortGlued == true)
        {
            int at = word.LastIndexOf(':');
            return (Parse(word[..at]), ParsePort(word[(at + 1)..]));
        }

        return (Parse(word), null);

        static MptcpAddress Parse(string text) => IPAddress.TryParse(text, out IPAddress? address)
            ? MptcpAddress.From(address)
            : throw new FormatException($"'{text}' is not an address");

        static ushort ParsePort(string text) => ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ushort port)
            ? port
            : throw new FormatException($"'{text}' is not a port");
    }

    // Hex (0x… or bare) or a quoted text, as octets.
    internal static byte[] ParsePayload(string word) => word.StartsWith('"')
        ? Encoding.UTF8.GetBytes(word.Trim('"'))
        : Convert.FromHexString(word.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? word[2..] : word);

    internal static ushort DssChecksumOf(DssOption dss, ulong dataSequenceNumber, byte[] payload) =>
        DssChecksum.Compute(dataSequenceNumber, dss.SubflowSequenceNumber, dss.DataLevelLength, payload);
}
