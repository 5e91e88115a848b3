using System;
using System.Collections.Generic;
using System.Globalization;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

// packetdrill's script language as the MPTCP suite writes it, by recursive descent over the lexer's tokens: header
// options, an init command, then events (a time, then a packet, a system call or a command). Every mistake is a
// PacketdrillSyntaxException naming its line. Packet lines are in ScriptParser.Packets.cs, MPTCP options in
// ScriptParser.Mptcp.cs.
internal sealed partial class ScriptParser
{
    private readonly List<Token> _tokens;
    private int _at;

    private ScriptParser(List<Token> tokens) => _tokens = tokens;

    public static PacketdrillScript Parse(string text, IReadOnlyDictionary<string, string>? defines = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new ScriptParser(Lexer.Tokens(text, defines ?? new Dictionary<string, string>()));
        return parser.Script();
    }

    private Token Current => _tokens[_at];

    private Token PeekToken(int ahead) => _tokens[Math.Min(_at + ahead, _tokens.Count - 1)];

    private PacketdrillScript Script()
    {
        var options = new List<HeaderOption>();
        while (Current.Kind == TokenKind.HeaderOption)
        {
            options.Add(HeaderOption());
        }

        string? init = null;
        if (Current.Kind == TokenKind.BackQuoted)
        {
            init = Take().Text;
        }

        var events = new List<ScriptEvent>();
        string? cleanup = null;
        long lastAbsolute = 0;
        while (Current.Kind != TokenKind.End)
        {
            if (Current.Kind == TokenKind.BackQuoted && PeekToken(1).Kind == TokenKind.End && events.Count > 0)
            {
                cleanup = Take().Text;
                break;
            }

            ScriptEvent e = Event(events.Count == 0);
            if (e.Time.Kind == TimeKind.Absolute)
            {
                if (e.Time.Microseconds < lastAbsolute)
                {
                    throw new PacketdrillSyntaxException(e.Line, FormattableString.Invariant($"the time {e.Time.Microseconds / 1e6:0.######} comes before {lastAbsolute / 1e6:0.######}, an earlier event's: absolute times do not go back"));
                }

                lastAbsolute = e.Time.Microseconds;
            }

            events.Add(e);
        }

        if (events.Count == 0)
        {
            throw new PacketdrillSyntaxException(Current.Line, "the script has no events");
        }

        return new PacketdrillScript(options, init, events, cleanup);
    }

    private HeaderOption HeaderOption()
    {
        Token name = Take();
        if (!Current.Is("="))
        {
            return new HeaderOption(name.Text, null, name.Line);
        }

        Take();
        string value = Value("the value of --" + name.Text).Text;
        if (Current.Is("=") || Current.Is("/"))
        {
            // --define=NAME=VALUE, and an address with its prefix length (192.0.2.1/24).
            string joiner = Take().Text;
            value += joiner + Value("the value of --" + name.Text).Text;
        }

        return new HeaderOption(name.Text, value, name.Line);
    }

    private Token Value(string what) => Current.Kind is TokenKind.End or TokenKind.Symbol
        ? throw Error($"{what} is missing")
        : Take();

    private ScriptEvent Event(bool first)
    {
        Token start = Current;
        EventTime time = Time();
        if (first && (time.Kind == TimeKind.Any || time.Microseconds != 0 || time.IsRange))
        {
            throw new PacketdrillSyntaxException(start.Line, "the first event must be at time 0");
        }

        EventAction action;
        if (Current.Kind == TokenKind.Ellipsis)
        {
            Take();
            EventTime end = Time();
            action = Syscall(end);
        }
        else if (Current.Is("<") || Current.Is(">"))
        {
            action = Packet();
        }
        else if (Current.Kind == TokenKind.BackQuoted)
        {
            action = new CommandAction(Take().Text);
        }
        else if (Current.Kind == TokenKind.Word && PeekToken(1).Is("("))
        {
            action = Syscall(null);
        }
        else
        {
            throw Error($"expected a packet, a system call or a `command` after the time, found {Current}");
        }

        if ((time.Kind == TimeKind.Any || time.IsRange) && action is not PacketAction { Direction: Direction.Outbound })
        {
            throw new PacketdrillSyntaxException(start.Line, "a time of * or a range T~T is only for a packet the kernel sends (>)");
        }

        return new ScriptEvent(start.Line, time, action);
    }

    // T, +T, *, T~T or +T~+T, in seconds; held in microseconds.
    private EventTime Time()
    {
        if (Current.Is("*"))
        {
            Take();
            return new EventTime(TimeKind.Any, 0);
        }

        bool relative = Current.Is("+");
        if (relative)
        {
            Take();
        }

        long start = Seconds();
        if (!Current.Is("~"))
        {
            return new EventTime(relative ? TimeKind.Relative : TimeKind.Absolute, start);
        }

        Take();
        if (relative != Current.Is("+"))
        {
            throw Error("both ends of a time range are absolute, or both relative (+T~+T)");
        }

        if (relative)
        {
            Take();
        }

        long end = Seconds();
        if (end < start)
        {
            throw Error("a time range ends before it starts");
        }

        return new EventTime(relative ? TimeKind.Relative : TimeKind.Absolute, start, end);
    }

    private long Seconds()
    {
        Token t = Current;
        if (t.Kind is not (TokenKind.Integer or TokenKind.Float) || t.Text.StartsWith('-'))
        {
            throw Error($"expected a time in seconds, found {t}");
        }

        Take();
        return (long)Math.Round(double.Parse(t.Text, CultureInfo.InvariantCulture) * 1_000_000);
    }

    // name(args) = result [ERRNO (note)] [(note)]
    private SyscallAction Syscall(EventTime? blocking)
    {
        Token name = Expect(TokenKind.Word, "a system call's name");
        ExpectSymbol("(", $"'(' after {name.Text}");
        var arguments = new List<Expression>();
        if (!Current.Is(")"))
        {
            arguments.Add(Expression());
            while (Current.Is(","))
            {
                Take();
                arguments.Add(Expression());
            }
        }

        ExpectSymbol(")", $"',' or ')' in the arguments of {name.Text}");
        ExpectSymbol("=", $"'=' and the result {name.Text} is to return");
        Expression result = Expression();
        string? errno = null;
        if (Current.Kind == TokenKind.Word && PeekToken(1).Is("("))
        {
            errno = Take().Text;
        }
        else if (Current.Kind == TokenKind.Word)
        {
            throw Error($"the errno {Current.Text} must be followed by its text in parentheses, as {Current.Text} (...)");
        }

        string? note = Current.Is("(") ? Note() : null;
        return new SyscallAction(name.Text, arguments, result, errno, note, blocking);
    }

    private string Note()
    {
        int line = Current.Line;
        Take();
        var words = new List<string>();
        while (!Current.Is(")"))
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new PacketdrillSyntaxException(line, "a note in parentheses is not closed");
            }

            words.Add(Take().Text);
        }

        Take();
        return string.Join(' ', words);
    }

    private Expression Expression()
    {
        Expression first = Term();
        if (!Current.Is("|"))
        {
            return first;
        }

        var terms = new List<Expression> { first };
        while (Current.Is("|"))
        {
            Take();
            terms.Add(Term());
        }

        return new OrExpression(terms);
    }

    private Expression Term()
    {
        Token t = Current;
        switch (t.Kind)
        {
            case TokenKind.Ellipsis:
                Take();
                return new EllipsisExpression();
            case TokenKind.Integer:
                Take();
                return new NumberExpression(long.Parse(t.Text, CultureInfo.InvariantCulture));
            case TokenKind.Hex:
                Take();
                return new NumberExpression(Convert.ToInt64(t.Text[2..], 16));
            case TokenKind.String:
                string text = Take().Text;
                while (Current.Kind == TokenKind.String)
                {
                    text += Take().Text;
                }

                return new StringExpression(text);
            case TokenKind.Word when t.Text is "htons" or "inet_addr" or "inet6_addr" && PeekToken(1).Is("("):
                Take();
                Take();
                Expression argument = Expression();
                ExpectSymbol(")", $"')' after the argument of {t.Text}");
                return new CallExpression(t.Text, argument);
            case TokenKind.Word:
                Take();
                return new WordExpression(t.Text);
            case TokenKind.Symbol when t.Text == "[":
                return new ArrayExpression(List("[", "]", Expression));
            case TokenKind.Symbol when t.Text == "{":
                return new StructExpression(List("{", "}", Member));
            default:
                throw Error($"expected a value, found {t}");
        }
    }

    // name=value, name(count)=value, or a bare value (an iovec's members).
    private (string? Name, Expression Value) Member()
    {
        if (Current.Kind == TokenKind.Word && (PeekToken(1).Is("=") || PeekToken(1).Is("(")) && !(Current.Text is "htons" or "inet_addr" or "inet6_addr"))
        {
            string name = Take().Text;
            if (Current.Is("("))
            {
                Take();
                name += "(" + (Current.Kind == TokenKind.Ellipsis ? Take().Text : Expect(TokenKind.Integer, "a count").Text) + ")";
                ExpectSymbol(")", $"')' after {name}");
            }

            ExpectSymbol("=", $"'=' after {name}");
            return (name, Expression());
        }

        return (null, Expression());
    }

    private List<T> List<T>(string open, string close, Func<T> item)
    {
        int line = Current.Line;
        ExpectSymbol(open, $"'{open}'");
        var items = new List<T>();
        while (!Current.Is(close))
        {
            if (Current.Kind == TokenKind.End)
            {
                throw new PacketdrillSyntaxException(line, $"'{open}' is not closed by '{close}'");
            }

            items.Add(item());
            if (!Current.Is(close))
            {
                ExpectSymbol(",", $"',' or '{close}'");
            }
        }

        Take();
        return items;
    }

    private Token Take() => _tokens[_at++];

    private Token Expect(TokenKind kind, string what) => Current.Kind == kind ? Take() : throw Error($"expected {what}, found {Current}");

    private void ExpectSymbol(string symbol, string what)
    {
        if (!Current.Is(symbol))
        {
            throw Error($"expected {what}, found {Current}");
        }

        Take();
    }

    private void ExpectWord(string word, string what)
    {
        if (!(Current.Kind == TokenKind.Word && Current.Text == word))
        {
            throw Error($"expected {what}, found {Current}");
        }

        Take();
    }

    private ulong Unsigned(string what, ulong max)
    {
        Token t = Current;
        ulong value = t.Kind switch
        {
            TokenKind.Integer when !t.Text.StartsWith('-') && ulong.TryParse(t.Text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong v) => v,
            TokenKind.Hex when ulong.TryParse(t.Text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong h) => h,
            _ => throw Error($"expected {what} (a number), found {t}"),
        };
        if (value > max)
        {
            throw Error($"{what} is {value}, more than its field holds ({max})");
        }

        Take();
        return value;
    }

    private PacketdrillSyntaxException Error(string message) => new(Current.Line, message);
}
