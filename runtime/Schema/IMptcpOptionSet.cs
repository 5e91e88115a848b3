using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// What every generated option union (<see cref="MptcpOptionUnionAttribute"/>) offers, so that code can be written
/// once for the SDK's own union and for a user's union that adds options of its own.
/// </summary>
/// <typeparam name="TSelf">The union type.</typeparam>
public interface IMptcpOptionSet<TSelf>
    where TSelf : struct, IMptcpOptionSet<TSelf>
{
    /// <summary>Decodes any option of the set from the start of <paramref name="source"/>. Never throws, never allocates.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> source, out TSelf option, out MptcpError error);

    /// <summary>The subtype nibble of the option held (-1 for none).</summary>
    int Subtype { get; }

    /// <summary>The name of the option held in text output (<c>none</c> for none).</summary>
    string TextName { get; }

    /// <summary>
    /// True when the option held is one of the SDK's own options of RFC 6824 and RFC 8684 (its text and JSON are
    /// tcpdump's and Wireshark's); false for a user's own option and for none.
    /// </summary>
    bool IsBuiltIn { get; }

    /// <summary>The number of octets the option held encodes to.</summary>
    int GetEncodedLength();

    /// <summary>Checks the option held for values that have no valid encoding.</summary>
    MptcpStatus Validate();

    /// <summary>As <see cref="Validate()"/>, naming in <paramref name="field"/> the member it refuses (null when none is to blame).</summary>
    MptcpStatus Validate(out string? field);

    /// <summary>Encodes the option held into <paramref name="destination"/>.</summary>
    MptcpStatus Write(Span<byte> destination, out int bytesWritten);

    /// <summary>How many option types the set holds: <see cref="Create"/> takes 0 to one less.</summary>
    static abstract int OptionTypeCount { get; }

    /// <summary>An option of type number <paramref name="index"/>, its members filled from <paramref name="source"/> in wire order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such type.</exception>
    static abstract TSelf Create<TSource>(int index, ref TSource source)
        where TSource : IMptcpFieldSource, allows ref struct;

    /// <summary>The type number of the option held, as <see cref="Create"/> takes it (-1 for none).</summary>
    int OptionTypeIndex { get; }

    /// <summary>Shows the option held, field by field, to <paramref name="visitor"/>.</summary>
    void Accept<TVisitor>(ref TVisitor visitor)
        where TVisitor : IMptcpFieldVisitor, allows ref struct;
}
