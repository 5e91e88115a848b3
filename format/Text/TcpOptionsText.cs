using System;
using System.Buffers.Binary;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Format.Text;

/// <summary>A TCP option block as tcpdump lists it: <c>mss 1460,sackOK,TS val 1 ecr 0,nop,wscale 7,mptcp 12 …</c>.</summary>
public static class TcpOptionsText
{
    /// <summary>Writes the list (without the surrounding <c>options [</c> <c>]</c>). False when the destination is too small.</summary>
    /// <param name="block">The option block.</param>
    /// <param name="segmentFlags">The segment's TCP flags (tcpdump checks MPTCP handshake forms against them).</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">Characters written.</param>
    /// <param name="malformed">True when an option was malformed: tcpdump then ends the line after it.</param>
    public static bool TryFormat(ReadOnlySpan<byte> block, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten, out bool malformed) =>
        TryFormat<MptcpOption>(block, segmentFlags, destination, out charsWritten, out malformed);

    /// <summary>Writes the list of a block the snap length may have cut (<see cref="TryFormat{TSet}(ReadOnlySpan{byte}, int, TcpFlags?, Span{char}, out int, out bool)"/>).</summary>
    /// <inheritdoc cref="TryFormat{TSet}(ReadOnlySpan{byte}, int, TcpFlags?, Span{char}, out int, out bool)"/>
    public static bool TryFormat(ReadOnlySpan<byte> captured, int blockLength, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten, out bool malformed) =>
        TryFormat<MptcpOption>(captured, blockLength, segmentFlags, destination, out charsWritten, out malformed);

    /// <summary>Writes the list, each MPTCP option read through the union <typeparamref name="TSet"/> (which may hold options of its own).</summary>
    /// <inheritdoc cref="TryFormat(ReadOnlySpan{byte}, TcpFlags?, Span{char}, out int, out bool)"/>
    public static bool TryFormat<TSet>(ReadOnlySpan<byte> block, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten, out bool malformed)
        where TSet : struct, IMptcpOptionSet<TSet>
        => TryFormat<TSet>(block, block.Length, segmentFlags, destination, out charsWritten, out malformed);

    /// <summary>
    /// Writes the list of a block the snap length may have cut: <paramref name="captured"/> holds the first octets of a
    /// block of <paramref name="blockLength"/> octets (the header's data offset says how long). What was captured is
    /// listed as tcpdump lists it, and the cut marked as tcpdump marks it: <c> [|tcp]</c> where the next option's kind
    /// or length octet is missing, the option's name and <c> [|tcp]</c> (then <c>&gt;</c> after the first option)
    /// where its data is; <c>[|mptcp]</c> once an MPTCP option was listed. The line ends there, so
    /// <paramref name="malformed"/> is then true.
    /// </summary>
    /// <param name="captured">The captured part of the option block.</param>
    /// <param name="blockLength">The block's length by the header (at least <paramref name="captured"/>'s).</param>
    /// <param name="segmentFlags">The segment's TCP flags (tcpdump checks MPTCP handshake forms against them).</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">Characters written.</param>
    /// <param name="malformed">True when the line ends in the list: a malformed option, or the cut.</param>
    public static bool TryFormat<TSet>(ReadOnlySpan<byte> captured, int blockLength, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten, out bool malformed)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        if (blockLength > captured.Length)
        {
            var cut = new CharWriter(destination);
            malformed = FormatCut<TSet>(captured, blockLength, segmentFlags, ref cut);
            charsWritten = cut.Overflowed ? 0 : cut.Length;
            return !cut.Overflowed;
        }

        var w = new CharWriter(destination);
        malformed = false;
        var walker = new TcpOptionWalker(captured);
        bool first = true;
        Span<char> text = stackalloc char[MptcpText.MaxLength];
        while (!malformed && walker.MoveNext())
        {
            w.Append(first ? string.Empty : ",");
            malformed = Option<TSet>(walker.Current.Bytes, first, segmentFlags, text, ref w);
            first = false;
        }

        if (!walker.Error.IsOk)
        {
            w.Append(first ? "[bad opt]" : ",[bad opt]]");
            malformed = true;
        }

        charsWritten = w.Overflowed ? 0 : w.Length;
        return !w.Overflowed;
    }

    // tcpdump's walk of a cut block, step by step (print-tcp.c): a separator before every option but the first, the
    // kind octet, the length octet (a length below 2 or past the header is "[bad opt]"), the option's name, then its
    // data; a missing octet ends the line at the step that needs it. True when the line ends in the list.
    private static bool FormatCut<TSet>(ReadOnlySpan<byte> captured, int blockLength, TcpFlags? segmentFlags, ref CharWriter w)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        Span<char> text = stackalloc char[MptcpText.MaxLength];
        string cutMark = " [|tcp]";
        int at = 0;
        for (int left = blockLength; left > 0;)
        {
            bool firstOption = at == 0;
            w.Append(firstOption ? string.Empty : ",");
            if (at >= captured.Length || (captured[at] > 1 && at + 1 >= captured.Length))
            {
                w.Append(cutMark); // an octet of the option's header is missing
                return true;
            }

            byte kind = captured[at];
            int length = kind <= 1 ? 1 : captured[at + 1];
            if (length < 2 && kind > 1 || length > left)
            {
                w.Append(firstOption ? "[bad opt]" : "[bad opt]]");
                return true;
            }

            if (at + length > captured.Length)
            {
                AppendName(ref w, kind);
                if (kind == 5 && (length - 2) % 8 == 0)
                {
                    SackBlocks(captured[(at + 2)..], (length - 2) / 8, ref w);
                }

                w.Append(cutMark);
                w.Append(firstOption ? string.Empty : ">");
                return true;
            }

            if (Option<TSet>(captured.Slice(at, length), firstOption, segmentFlags, text, ref w))
            {
                return true;
            }

            // tcpdump's MPTCP printer names its protocol for every later truncation mark.
            cutMark = kind == MptcpConstants.Kind ? " [|mptcp]" : cutMark;

            at += length;
            left -= length;
            if (kind == 0)
            {
                break; // EOL: the rest is padding, cut or not
            }
        }

        return false;
    }

    // One whole option as tcpdump lists it; true when it is malformed, which ends the line: tcpdump closes the list
    // after "[bad opt]" unless the option was the first (its separator is still unset).
    private static bool Option<TSet>(ReadOnlySpan<byte> option, bool first, TcpFlags? segmentFlags, scoped Span<char> text, ref CharWriter w)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        if (option[0] != MptcpConstants.Kind)
        {
            Other(ref w, option[0], option);
            return false;
        }

        MptcpText.TryFormat<TSet>(option, segmentFlags, text, out int n);
        w.Append(text[..n]);
        bool malformed = text[..n].EndsWith("[bad opt]");
        w.Append(malformed && !first ? "]" : string.Empty);
        return malformed;
    }

    // A SACK's block count, then its blocks as far as data holds them (all, unless cut).
    private static void SackBlocks(ReadOnlySpan<byte> data, int blocks, ref CharWriter w)
    {
        w.Append(" ");
        w.Append((ulong)blocks);
        w.Append(" ");
        for (int i = 0; i + 8 <= data.Length; i += 8)
        {
            w.Append("{");
            w.Append(BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
            w.Append(":");
            w.Append(BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]));
            w.Append("}");
        }
    }

    // tcpdump's name of an option kind (its tcp_option_values table), "unknown-KIND" for the rest.
    private static void AppendName(ref CharWriter w, byte kind)
    {
        if (Name(kind) is string name)
        {
            w.Append(name);
            return;
        }

        w.Append("unknown-");
        w.Append(kind);
    }

    private static string? Name(byte kind) => kind switch
    {
        0 => "eol",
        1 => "nop",
        2 => "mss",
        3 => "wscale",
        4 => "sackOK",
        5 => "sack",
        6 => "echo",
        7 => "echoreply",
        8 => "TS",
        11 => "cc",
        12 => "ccnew",
        13 => "ccecho",
        19 => "md5",
        20 => "scps",
        28 => "uto",
        29 => "tcp-ao",
        30 => "mptcp",
        34 => "tfo",
        254 => "exp",
        _ => null,
    };

    private static void Other(ref CharWriter w, byte kind, ReadOnlySpan<byte> option)
    {
        ReadOnlySpan<byte> data = option.Length > 2 ? option[2..] : default;
        switch (kind)
        {
            case 0:
                w.Append("eol");
                break;
            case 1:
                w.Append("nop");
                break;
            case 2 when data.Length == 2:
                w.Append("mss ");
                w.Append(BinaryPrimitives.ReadUInt16BigEndian(data));
                break;
            case 3 when data.Length == 1:
                w.Append("wscale ");
                w.Append(data[0]);
                break;
            case 4 when data.Length == 0:
                w.Append("sackOK");
                break;
            case 5 when data.Length % 8 == 0:
                w.Append("sack");
                SackBlocks(data, data.Length / 8, ref w);
                break;
            case 8 when data.Length == 8:
                w.Append("TS val ");
                w.Append(BinaryPrimitives.ReadUInt32BigEndian(data));
                w.Append(" ecr ");
                w.Append(BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
                break;
            case 34:
                w.Append(data.IsEmpty ? "tfo cookiereq" : "tfo cookie ");
                if (!data.IsEmpty)
                {
                    w.AppendHexBytes(data);
                }

                break;
            default:
                w.Append("unknown-");
                w.Append(kind);
                if (!data.IsEmpty)
                {
                    w.Append(" ");
                    w.AppendHexBytes(data);
                }

                break;
        }
    }
}
