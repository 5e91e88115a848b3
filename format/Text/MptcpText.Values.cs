using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using Mptcp.Codec.Options;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Format.Text;

public static partial class MptcpText
{
    /// <summary>
    /// The text of the option a union holds, without encoding it first: the SDK's options in tcpdump's words, a
    /// union's own options in the form derived from their schema, exactly as the octets they encode to print.
    /// </summary>
    /// <returns>False, with nothing written, when <paramref name="destination"/> is too small.</returns>
    public static bool TryFormat<TSet>(in TSet option, Span<char> destination, out int charsWritten)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var w = new CharWriter(destination);
        WriteValue(ref w, option);
        charsWritten = w.Overflowed ? 0 : w.Length;
        return !w.Overflowed;
    }

    /// <summary>The text of the option a union holds, as a string.</summary>
    public static string Format<TSet>(in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        Span<char> text = stackalloc char[MaxLength];
        return TryFormat(option, text, out int written) ? new string(text[..written]) : Grown(option);
    }

    /// <summary>Appends the text of the option a union holds to <paramref name="destination"/>; returns how many characters.</summary>
    public static int Write<TSet>(IBufferWriter<char> destination, in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(destination);
        // An option is at most 255 octets, so its text is bounded; each round doubles the room.
        for (int size = MaxLength; size <= 1 << 16; size *= 2)
        {
            if (TryFormat(option, destination.GetSpan(size), out int written))
            {
                destination.Advance(written);
                return written;
            }
        }

        throw new InvalidOperationException($"the text of {option.TextName} is longer than 65,536 characters");
    }

    /// <summary>Writes the text of the option a union holds to <paramref name="writer"/>.</summary>
    public static void Write<TSet>(TextWriter writer, in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[MaxLength];
        if (TryFormat(option, text, out int written))
        {
            writer.Write(text[..written]);
        }
        else
        {
            writer.Write(Grown(option));
        }
    }

    /// <summary>Appends the text of one option's octets to <paramref name="destination"/>, as <see cref="TryFormat(ReadOnlySpan{byte}, TcpFlags?, Span{char}, out int)"/> prints them; returns how many characters.</summary>
    public static int Write(IBufferWriter<char> destination, ReadOnlySpan<byte> option, TcpFlags? segmentFlags)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Span<char> span = destination.GetSpan(MaxLength);
        TryFormat(option, segmentFlags, span, out int written);
        destination.Advance(written);
        return written;
    }

    /// <summary>Writes the text of one option's octets to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, ReadOnlySpan<byte> option, TcpFlags? segmentFlags)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[MaxLength];
        TryFormat(option, segmentFlags, text, out int written);
        writer.Write(text[..written]);
    }

    // A user's option whose text passed MaxLength (a long list of its own): formatted into a buffer that fits.
    private static string Grown<TSet>(in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var buffer = new ArrayBufferWriter<char>(MaxLength * 2);
        Write(buffer, option);
        return new string(buffer.WrittenSpan);
    }

    private static void WriteValue<TSet>(ref CharWriter w, in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        if (typeof(TSet) == typeof(MptcpOption))
        {
            WriteBuiltIn(ref w, Unsafe.As<TSet, MptcpOption>(ref Unsafe.AsRef(in option)));
            return;
        }

        if (!option.IsBuiltIn)
        {
            w.Append("mptcp ");
            w.Append((ulong)option.GetEncodedLength());
            w.Append(" ");
            w.Append(option.TextName);
            if (option.OptionTypeIndex >= 0)
            {
                var text = new SchemaText(w);
                option.Accept(ref text);
                w = text.Writer;
            }

            return;
        }

        // One of the SDK's options in a user's union: its fields are the SDK union's, read back from its octets.
        Span<byte> octets = stackalloc byte[byte.MaxValue];
        if (option.Write(octets, out int length) == MptcpStatus.Ok && MptcpOption.TryRead(octets[..length], out MptcpOption builtIn, out _))
        {
            WriteBuiltIn(ref w, builtIn);
        }
        else
        {
            w.Append("mptcp[bad opt]");
        }
    }

    private static void WriteBuiltIn(ref CharWriter w, in MptcpOption option)
    {
        w.Append("mptcp ");
        w.Append((ulong)option.GetEncodedLength());
        w.Append(" ");
        w.Append(option.Kind == MptcpOptionKind.None ? option.TextName : SubtypeName(option.Subtype));
        OptionText.WriteFields(ref w, option);
    }
}
