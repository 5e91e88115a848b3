using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Header bits the RFC reserves: written as zero, ignored when read. Every header bit must belong
/// to the subtype nibble, a <see cref="BitsAttribute"/> member or a reserved range.
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = true, Inherited = false)]
public sealed class ReservedBitsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">Byte offset within the option.</param>
    /// <param name="mask">The reserved bits of that byte.</param>
    public ReservedBitsAttribute(int offset, int mask)
    {
        Offset = offset;
        Mask = mask;
    }

    /// <summary>Byte offset within the option.</summary>
    public int Offset { get; }

    /// <summary>The reserved bits of that byte.</summary>
    public int Mask { get; }
}
