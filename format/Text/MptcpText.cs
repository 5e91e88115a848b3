using System;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Format.Text;

/// <summary>
/// MPTCP options as current tcpdump prints them inside its <c>options [...]</c> list, e.g.
/// <c>mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97</c>. Formatting allocates nothing.
/// </summary>
/// <remarks>
/// Where tcpdump hides a field that the option carries, this text shows it, so that <c>craft</c> can rebuild the
/// exact octets: the MP_CAPABLE data-level length with 'A' at length 22 and its checksum at length 24
/// (<c>,csum=0x…</c> inside the braces). A malformed option is <c>mptcp N name[bad opt]</c>, without the partial
/// fields tcpdump prints before giving up.
/// </remarks>
public static partial class MptcpText
{
    /// <summary>Enough room for any option's text.</summary>
    public const int MaxLength = 256;

    /// <summary>The text of <paramref name="option"/> (one MPTCP option, kind and length included).</summary>
    /// <param name="option">The option's octets.</param>
    /// <param name="segmentFlags">The TCP flags of the segment that carried it, when known: tcpdump rejects MP_CAPABLE and
    /// MP_JOIN forms on the wrong segment and DSS on a SYN; null skips those checks.</param>
    /// <param name="destination">Where to write.</param>
    /// <param name="charsWritten">How many characters were written.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(ReadOnlySpan<byte> option, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten) =>
        TryFormat<MptcpOption>(option, segmentFlags, destination, out charsWritten);

    /// <summary>
    /// The text of <paramref name="option"/> read through the union <typeparamref name="TSet"/>: the SDK's options in
    /// tcpdump's words, a union's own options in the form derived from their schema (<c>mptcp 8 probe cookie 66</c>).
    /// </summary>
    /// <inheritdoc cref="TryFormat(ReadOnlySpan{byte}, TcpFlags?, Span{char}, out int)"/>
    public static bool TryFormat<TSet>(ReadOnlySpan<byte> option, TcpFlags? segmentFlags, Span<char> destination, out int charsWritten)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var w = new CharWriter(destination);
        Write<TSet>(ref w, option, segmentFlags);
        charsWritten = w.Overflowed ? 0 : w.Length;
        return !w.Overflowed;
    }

    /// <summary>The text of one option, as a string.</summary>
    public static string Format(ReadOnlySpan<byte> option, TcpFlags? segmentFlags = null) => Format<MptcpOption>(option, segmentFlags);

    /// <summary>The text of one option read through the union <typeparamref name="TSet"/>, as a string.</summary>
    public static string Format<TSet>(ReadOnlySpan<byte> option, TcpFlags? segmentFlags = null)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        Span<char> text = stackalloc char[MaxLength];
        return TryFormat<TSet>(option, segmentFlags, text, out int written) ? new string(text[..written]) : "mptcp[bad opt]";
    }

    /// <summary>
    /// The text of an option already decoded (nothing is decoded twice): <c>mptcp</c>, the length it encodes to, its
    /// name and fields, exactly as <see cref="TryFormat(ReadOnlySpan{byte}, TcpFlags?, Span{char}, out int)"/> prints
    /// its octets (without the segment checks, which need the segment's flags).
    /// </summary>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat(in MptcpOption option, Span<char> destination, out int charsWritten)
    {
        var w = new CharWriter(destination);
        WriteBuiltIn(ref w, option);
        charsWritten = w.Overflowed ? 0 : w.Length;
        return !w.Overflowed;
    }

    /// <summary>The text of an option already decoded, as a string.</summary>
    public static string Format(in MptcpOption option)
    {
        Span<char> text = stackalloc char[MaxLength];
        return TryFormat(option, text, out int written) ? new string(text[..written]) : "mptcp[bad opt]";
    }

    private static void Write<TSet>(ref CharWriter w, ReadOnlySpan<byte> bytes, TcpFlags? flags)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        w.Append("mptcp");
        if (bytes.Length < 3 || bytes[1] < 3 || bytes[1] > bytes.Length)
        {
            w.Append("[bad opt]");
            return;
        }

        w.Append(" ");
        w.Append(bytes[1]);
        w.Append(" ");

        // A union's own option (never one of the SDK's union, for which this test is folded away by the JIT).
        if (typeof(TSet) != typeof(MptcpOption) && TSet.TryRead(bytes, out TSet own, out _) && !own.IsBuiltIn)
        {
            w.Append(own.TextName);
            var text = new SchemaText(w);
            own.Accept(ref text);
            w = text.Writer;
            return;
        }

        int subtype = bytes[2] >> 4;
        w.Append(SubtypeName(subtype));
        if (!MptcpOption.TryRead(bytes, out MptcpOption option, out _) || !AcceptedOn(option, flags))
        {
            w.Append(subtype >= 9 ? string.Empty : "[bad opt]");
            return;
        }

        OptionText.WriteFields(ref w, option);
    }

    /// <summary>tcpdump's word for each subtype; 9 to 15 are all "unknown".</summary>
    public static string SubtypeName(int subtype) => subtype switch
    {
        0 => MpCapableOption.TextName,
        1 => MpJoinSynOption.TextName,
        2 => DssOption.TextName,
        3 => AddAddressOption.TextName,
        4 => RemoveAddressOption.TextName,
        5 => MpPrioOption.TextName,
        6 => MpFailOption.TextName,
        7 => MpFastCloseOption.TextName,
        8 => MpTcpRstOption.TextName,
        _ => MpExperimentalOption.TextName,
    };

    // The segment checks of tcpdump's printers (print-mptcp.c).
    private static bool AcceptedOn(in MptcpOption option, TcpFlags? segmentFlags)
    {
        if (segmentFlags is not TcpFlags flags)
        {
            return true;
        }

        bool syn = (flags & TcpFlags.Syn) != 0;
        bool ack = (flags & TcpFlags.Ack) != 0;
        int length = option.GetEncodedLength();
        return option.Kind switch
        {
            MptcpOptionKind.MpCapableOption => length is 4 or 12 ? syn : !syn && ack,
            MptcpOptionKind.MpJoinSynOption => syn,
            MptcpOptionKind.MpJoinSynAckOption => syn && ack,
            MptcpOptionKind.MpJoinAckOption => ack,
            MptcpOptionKind.DssOption => !syn,
            _ => true,
        };
    }
}
