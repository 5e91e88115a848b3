using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Mptcp.Codec;

/// <summary>Twenty octets held by value: the 160-bit HMAC of an MP_JOIN ACK.</summary>
public struct Octets20 : IEquatable<Octets20>
{
    /// <summary>The number of octets.</summary>
    public const int Length = 20;

    private Buffer _bytes;

    /// <summary>Copies exactly 20 octets from <paramref name="source"/>.</summary>
    public static Octets20 From(ReadOnlySpan<byte> source)
    {
        Octets20 value = default;
        source[..Length].CopyTo(value._bytes);
        return value;
    }

    /// <summary>The octets.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => _bytes;

    /// <summary>Copies the octets into <paramref name="destination"/>.</summary>
    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_bytes).CopyTo(destination);

    /// <inheritdoc/>
    public readonly bool Equals(Octets20 other) => ((ReadOnlySpan<byte>)_bytes).SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is Octets20 other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        HashCode hash = default;
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }

    /// <summary>Lower-case hex, no prefix.</summary>
    public override readonly string ToString() => Convert.ToHexStringLower(_bytes);

    /// <summary>Equality.</summary>
    public static bool operator ==(Octets20 left, Octets20 right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Octets20 left, Octets20 right) => !left.Equals(right);

    [InlineArray(Length)]
    private struct Buffer
    {
        private byte _first;
    }
}
