using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// What every generated option (<see cref="MptcpOptionAttribute"/>) offers, so that code can be written once for any
/// option type: the SDK's and a user's own. The generator implements it; nothing else should.
/// </summary>
/// <typeparam name="TSelf">The option type.</typeparam>
public interface IMptcpOption<TSelf>
    where TSelf : struct, IMptcpOption<TSelf>
{
    /// <summary>The subtype nibble of the option type.</summary>
    static abstract int Subtype { get; }

    /// <summary>The option type's name in text output.</summary>
    static abstract string TextName { get; }

    /// <summary>Decodes one option of this type from the start of <paramref name="source"/>. Never throws, never allocates.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> source, out TSelf option, out MptcpError error);

    /// <summary>The number of octets the option encodes to.</summary>
    int GetEncodedLength();

    /// <summary>Checks the option for values that have no valid encoding, naming in <paramref name="field"/> the member it refuses.</summary>
    MptcpStatus Validate(out string? field);

    /// <summary>Encodes the option into <paramref name="destination"/>.</summary>
    MptcpStatus Write(Span<byte> destination, out int bytesWritten);

    /// <summary>Shows the option, field by field, to <paramref name="visitor"/>.</summary>
    void Accept<TVisitor>(ref TVisitor visitor)
        where TVisitor : IMptcpFieldVisitor, allows ref struct;
}
