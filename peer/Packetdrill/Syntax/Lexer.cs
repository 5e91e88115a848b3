using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// packetdrill's tokens: // and /* */ comments, decimal, hex and fractional numbers, IPv4 and IPv6 addresses (an IPv6
// address has "::" or seven colons, so 1:1001 stays a sequence range), "strings" and `commands` (quotes dropped,
// escapes kept as written), --options, "...", words, and every other character as itself. A -D NAME=VALUE define
// replaces a word that equals NAME. A carriage return is not white space here, as it is not for packetdrill.
internal sealed class Lexer
{
    private readonly string _text;
    private readonly IReadOnlyDictionary<string, string> _defines;
    private int _at;
    private int _line = 1;

    private Lexer(string text, IReadOnlyDictionary<string, string> defines)
    {
        _text = text;
        _defines = defines;
    }

    public static List<Token> Tokens(string text, IReadOnlyDictionary<string, string> defines)
    {
        var lexer = new Lexer(text, defines);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    private Token Next()
    {
        SkipBlankAndComments();
        if (_at >= _text.Length)
        {
            return new Token(TokenKind.End, "", _line);
        }

        int line = _line;
        char c = _text[_at];
        if (c == '"' || c == '`')
        {
            return Quoted(c, line);
        }

        if (c == '-' && Peek(1) == '-' && IsWordChar(Peek(2)))
        {
            _at += 2;
            return new Token(TokenKind.HeaderOption, TakeWhile(IsWordChar), line);
        }

        if (c == '.' && Peek(1) == '.' && Peek(2) == '.')
        {
            _at += 3;
            return new Token(TokenKind.Ellipsis, "...", line);
        }

        if (Address(line) is Token address)
        {
            return address;
        }

        if (Number(line) is Token number)
        {
            return number;
        }

        if (IsWordChar(c))
        {
            string word = TakeWhile(IsWordChar);
            return _defines.TryGetValue(word, out string? value) ? Defined(value, line) : new Token(TokenKind.Word, word, line);
        }

        _at++;
        return new Token(TokenKind.Symbol, c.ToString(), line);
    }

    // A define's value as its own token: a quoted value a string or command, anything else a word.
    private static Token Defined(string value, int line) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? new Token(TokenKind.String, value[1..^1], line)
        : value.Length >= 2 && value[0] == '`' && value[^1] == '`' ? new Token(TokenKind.BackQuoted, value[1..^1], line)
        : new Token(TokenKind.Word, value, line);

    private void SkipBlankAndComments()
    {
        while (_at < _text.Length)
        {
            char c = _text[_at];
            if (c is ' ' or '\t' or '\n')
            {
                Advance(1);
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_at < _text.Length && _text[_at] != '\n')
                {
                    _at++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                int end = _text.IndexOf("*/", _at + 2, StringComparison.Ordinal);
                Advance((end < 0 ? _text.Length : end + 2) - _at);
            }
            else
            {
                return;
            }
        }
    }

    private Token Quoted(char quote, int line)
    {
        int start = ++_at;
        while (_at < _text.Length && _text[_at] != quote)
        {
            Advance(_text[_at] == '\\' && _at + 1 < _text.Length ? 2 : 1);
        }

        if (_at >= _text.Length)
        {
            throw new PacketdrillSyntaxException(line, quote == '"' ? "a string is not closed before the end of the script" : "a `command` is not closed before the end of the script");
        }

        string body = _text[start.._at];
        _at++;
        return new Token(quote == '"' ? TokenKind.String : TokenKind.BackQuoted, body, line);
    }

    private Token? Address(int line)
    {
        int end = _at;
        while (end < _text.Length && (char.IsAsciiHexDigit(_text[end]) || _text[end] is ':' or '.'))
        {
            end++;
        }

        // Not followed by a word character (192.0.2.1x is no address), and shaped as one family or the other.
        if (end < _text.Length && IsWordChar(_text[end]))
        {
            return null;
        }

        string candidate = _text[_at..end];
        int colons = candidate.AsSpan().Count(':');
        bool v6 = (candidate.Contains("::", StringComparison.Ordinal) || colons == 7) && System.Net.IPAddress.TryParse(candidate, out var a6) && a6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        bool v4 = !v6 && colons == 0 && candidate.AsSpan().Count('.') == 3 && IsDottedQuad(candidate);
        if (!v4 && !v6)
        {
            return null;
        }

        _at = end;
        return new Token(v6 ? TokenKind.IPv6Address : TokenKind.IPv4Address, candidate, line);
    }

    private static bool IsDottedQuad(string text)
    {
        foreach (string part in text.Split('.'))
        {
            if (part.Length is 0 or > 3 || part.AsSpan().ContainsAnyExceptInRange('0', '9'))
            {
                return false;
            }
        }

        return true;
    }

    private Token? Number(int line)
    {
        int start = _at;
        int at = _at;
        if (Peek(0) == '-')
        {
            at++;
        }

        if (at + 1 < _text.Length && _text[at] == '0' && _text[at + 1] is 'x' or 'X' && at + 2 < _text.Length && char.IsAsciiHexDigit(_text[at + 2]))
        {
            at += 2;
            while (at < _text.Length && char.IsAsciiHexDigit(_text[at]))
            {
                at++;
            }

            return Taken(TokenKind.Hex, start, at, line);
        }

        int digits = at;
        while (at < _text.Length && char.IsAsciiDigit(_text[at]))
        {
            at++;
        }

        if (at < _text.Length - 1 && _text[at] == '.' && char.IsAsciiDigit(_text[at + 1]))
        {
            at++;
            while (at < _text.Length && char.IsAsciiDigit(_text[at]))
            {
                at++;
            }

            return Taken(TokenKind.Float, start, at, line);
        }

        // Digits followed by letters are a word (e.g. a define's name), as flex's longest match makes them.
        return at > digits && (at >= _text.Length || !IsWordChar(_text[at])) ? Taken(TokenKind.Integer, start, at, line) : null;
    }

    private Token Taken(TokenKind kind, int start, int end, int line)
    {
        _at = end;
        return new Token(kind, _text[start..end], line);
    }

    private string TakeWhile(Func<char, bool> accept)
    {
        int start = _at;
        while (_at < _text.Length && accept(_text[_at]))
        {
            _at++;
        }

        return _text[start.._at];
    }

    private void Advance(int count)
    {
        for (int i = 0; i < count && _at < _text.Length; i++, _at++)
        {
            if (_text[_at] == '\n')
            {
                _line++;
            }
        }
    }

    private char Peek(int ahead) => _at + ahead < _text.Length ? _text[_at + ahead] : '\0';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
