using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Mptcp.Codec;

/// <summary>
/// Up to 38 octets held by value: the address IDs of a REMOVE_ADDR, the data of an MP_EXPERIMENTAL.
/// (40 octets of TCP option space less kind and length.)
/// </summary>
public struct OctetList : IEquatable<OctetList>
{
    /// <summary>The most octets a list can hold.</summary>
    public const int Capacity = 38;

    private Buffer _items;
    private byte _count;

    /// <summary>Number of octets held.</summary>
    public readonly int Count => _count;

    /// <summary>The octet at <paramref name="index"/>.</summary>
    public readonly byte this[int index] => ((ReadOnlySpan<byte>)_items)[..Count][index];

    /// <summary>Copies up to <see cref="Capacity"/> octets; false (and an empty list) when there are more.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> source, out OctetList list)
    {
        list = default;
        if (source.Length > Capacity)
        {
            return false;
        }

        source.CopyTo(list._items);
        list._count = (byte)source.Length;
        return true;
    }

    /// <summary>Creates a list (throws when longer than <see cref="Capacity"/>; for tests and tools).</summary>
    public static OctetList Of(params ReadOnlySpan<byte> source) => TryCreate(source, out OctetList list)
        ? list
        : throw new ArgumentException($"At most {Capacity} octets.", nameof(source));

    /// <summary>The octets.</summary>
    [UnscopedRef]
    public ReadOnlySpan<byte> AsSpan() => ((ReadOnlySpan<byte>)_items)[..Count];

    /// <inheritdoc/>
    public readonly bool Equals(OctetList other) =>
        ((ReadOnlySpan<byte>)_items)[.._count].SequenceEqual(((ReadOnlySpan<byte>)other._items)[..other._count]);

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is OctetList other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode()
    {
        HashCode hash = default;
        hash.AddBytes(((ReadOnlySpan<byte>)_items)[.._count]);
        return hash.ToHashCode();
    }

    /// <summary>Copies the octets into <paramref name="destination"/>.</summary>
    public readonly void CopyTo(Span<byte> destination) => ((ReadOnlySpan<byte>)_items)[.._count].CopyTo(destination);

    /// <summary>Lower-case hex, no prefix.</summary>
    public override readonly string ToString() => Convert.ToHexStringLower(((ReadOnlySpan<byte>)_items)[.._count]);

    /// <summary>Equality.</summary>
    public static bool operator ==(OctetList left, OctetList right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(OctetList left, OctetList right) => !left.Equals(right);

    [InlineArray(Capacity)]
    private struct Buffer
    {
        private byte _first;
    }
}
