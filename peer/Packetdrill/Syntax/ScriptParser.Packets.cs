using System.Collections.Generic;

namespace Mptcp.Codec.Peer.Packetdrill.Syntax;

internal sealed partial class ScriptParser
{
    // < or >, [SRC > DST], flags, START:END(LEN), [ack N] [win N] [urg N], [<options> | <...>]
    private PacketAction Packet()
    {
        int line = Current.Line;
        Direction direction = Take().Text == "<" ? Direction.Inbound : Direction.Outbound;
        Endpoint? source = null, destination = null;
        if (StartsEndpointPair())
        {
            source = Endpoint();
            ExpectSymbol(">", "'>' between the two addresses of the packet");
            destination = Endpoint();
        }

        string flags = Flags();
        uint start = (uint)Unsigned("the sequence number a segment starts at", uint.MaxValue);
        ExpectSymbol(":", "':' in START:END(LENGTH)");
        uint end = (uint)Unsigned("the sequence number a segment ends at", uint.MaxValue);
        ExpectSymbol("(", "'(' in START:END(LENGTH)");
        int length = (int)Unsigned("the segment's length", ushort.MaxValue);
        ExpectSymbol(")", "')' in START:END(LENGTH)");
        if (unchecked(start + (uint)length) != end)
        {
            throw new PacketdrillSyntaxException(line, $"the segment {start}:{end}({length}) does not end at its start plus its length");
        }

        uint? ack = null;
        int? window = null;
        ushort? urgent = null;
        while (Current.Kind == TokenKind.Word && Current.Text is "ack" or "win" or "urg")
        {
            string word = Take().Text;
            switch (word)
            {
                case "ack":
                    ack = (uint)Unsigned("the acknowledgment number", uint.MaxValue);
                    break;
                case "win":
                    window = (int)Unsigned("the window", ushort.MaxValue);
                    break;
                default:
                    urgent = (ushort)Unsigned("the urgent pointer", ushort.MaxValue);
                    break;
            }
        }

        if (direction == Direction.Inbound && window is null)
        {
            throw new PacketdrillSyntaxException(line, "a packet sent to the kernel (<) needs its window: win N");
        }

        IReadOnlyList<TcpOptionSyntax>? options = null;
        bool any = false;
        if (Current.Is("<"))
        {
            Take();
            if (Current.Kind == TokenKind.Ellipsis)
            {
                if (direction == Direction.Inbound)
                {
                    throw Error("<...> (options not checked) is only for a packet the kernel sends (>)");
                }

                Take();
                any = true;
            }
            else
            {
                options = Options();
            }

            ExpectSymbol(">", "',' or '>' after the options");
        }

        return new PacketAction(direction, source, destination, flags, start, end, length, ack, window, urgent, options, any);
    }

    private bool StartsEndpointPair() =>
        Current.Is(">")
        || (Current.Kind == TokenKind.Word && Current.Text == "addr" && PeekToken(1).Is("["))
        || Current.Kind is TokenKind.IPv4Address or TokenKind.IPv6Address
        || (Current.Kind == TokenKind.Integer && PeekToken(1).Is(">"));

    private Endpoint? Endpoint()
    {
        if (Current.Kind == TokenKind.Word && Current.Text == "addr")
        {
            Take();
            ExpectSymbol("[", "'[' after addr");
            string name = Expect(TokenKind.Word, "an address variable's name").Text;
            ExpectSymbol("]", $"']' after addr[{name}");
            return new Endpoint(name, null, null);
        }

        if (Current.Kind is TokenKind.IPv4Address or TokenKind.IPv6Address)
        {
            string address = Take().Text;
            ExpectSymbol(":", $"':' and a port after {address}");
            return new Endpoint(null, address, (ushort)Unsigned("a port", ushort.MaxValue));
        }

        return Current.Kind == TokenKind.Integer ? new Endpoint(null, null, (ushort)Unsigned("a port", ushort.MaxValue)) : null;
    }

    // S, S., ., P., F., R, R. …: the letters F S R P U E W, '.' for ACK, '-' for none.
    private string Flags()
    {
        string flags = "";
        if (Current.Kind == TokenKind.Word)
        {
            flags = Take().Text;
            foreach (char c in flags)
            {
                if ("FSRPUEWA".IndexOf(c) < 0 && !(flags.Length == 1 && c is >= '0' and <= '7'))
                {
                    throw Error($"'{flags}' are not TCP flags (F S R P U E W, '.' for ACK)");
                }
            }
        }

        if (Current.Is("."))
        {
            Take();
            flags += ".";
        }
        else if (flags.Length == 0 && Current.Is("-"))
        {
            Take();
            flags = "-";
        }

        return flags.Length > 0 ? flags : throw Error($"expected the packet's flags (S, S., ., P., F., R, -), found {Current}");
    }

    private List<TcpOptionSyntax> Options()
    {
        var options = new List<TcpOptionSyntax> { Option() };
        while (Current.Is(","))
        {
            Take();
            options.Add(Option());
        }

        return options;
    }

    private TcpOptionSyntax Option()
    {
        Token name = Expect(TokenKind.Word, "a TCP option");
        switch (name.Text)
        {
            case "nop":
                return new NopSyntax();
            case "eol":
                return new EolSyntax();
            case "mss":
                return new MssSyntax((ushort)Unsigned("the MSS", ushort.MaxValue));
            case "wscale":
                return new WindowScaleSyntax((byte)Unsigned("the window scale", byte.MaxValue));
            case "sackOK":
                return new SackPermittedSyntax();
            case "sack":
                var blocks = new List<(uint, uint)>();
                while (Current.Kind == TokenKind.Integer)
                {
                    uint left = (uint)Unsigned("a SACK block's left edge", uint.MaxValue);
                    ExpectSymbol(":", "':' in a SACK block L:R");
                    blocks.Add((left, (uint)Unsigned("a SACK block's right edge", uint.MaxValue)));
                }

                return blocks.Count is > 0 and <= 4 ? new SackSyntax(blocks) : throw Error("a SACK option has one to four blocks L:R");
            case "TS":
                ExpectWord("val", "'val' after TS");
                uint value = (uint)Unsigned("TS val", uint.MaxValue);
                ExpectWord("ecr", "'ecr' after TS val N");
                return new TimestampSyntax(value, (uint)Unsigned("TS ecr", uint.MaxValue));
            default:
                return MptcpOption(name) ?? throw new PacketdrillSyntaxException(name.Line, $"'{name.Text}' is not a TCP option this runner knows (nop, eol, mss, wscale, sackOK, sack, TS, mpcapable, dss, mp_join_syn, mp_join_syn_ack, mp_join_ack, add_address, remove_address, mp_prio, mp_fail, mp_fastclose, mp_reset)");
        }
    }
}
