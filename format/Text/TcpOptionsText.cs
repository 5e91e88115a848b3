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

    /// <summary>Writes the list, each MPTCP option read through the union <typeparamref name="TSet"/> (which may hold options of its own).</summary>
    /// <inheritdoc cref="TryFormat(ReadOnlySpan{byte}, TcpFlags?, Span{char}, out int, out bool)"/>
    public static bool TryFormat<TSet>(ReadOnlySpan<byte> block, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten, out bool malformed)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var w = new CharWriter(destination);
        malformed = false;
        var walker = new TcpOptionWalker(block);
        bool first = true;
        Span<char> text = stackalloc char[MptcpText.MaxLength];
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            if (!first)
            {
                w.Append(",");
            }

            first = false;
            if (option.IsMptcp)
            {
                MptcpText.TryFormat<TSet>(option.Bytes, segmentFlags, text, out int n);
                w.Append(text[..n]);
                malformed = text[..n].EndsWith("[bad opt]");
            }
            else
            {
                Other(ref w, option.Kind, option.Bytes);
            }

            if (malformed)
            {
                break;
            }
        }

        if (!walker.Error.IsOk)
        {
            w.Append(first ? "[bad opt]" : ",[bad opt]");
            malformed = true;
        }

        charsWritten = w.Overflowed ? 0 : w.Length;
        return !w.Overflowed;
    }

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
                w.Append("sack ");
                w.Append((ulong)(data.Length / 8));
                w.Append(" ");
                for (int i = 0; i < data.Length; i += 8)
                {
                    w.Append("{");
                    w.Append(BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
                    w.Append(":");
                    w.Append(BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]));
                    w.Append("}");
                }

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
