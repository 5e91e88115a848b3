using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// A bit field of the option header: the bits of header byte <see cref="Offset"/> selected by
/// <see cref="Mask"/> (contiguous). A <see cref="bool"/> member takes a one-bit mask.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class BitsAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="offset">Byte offset within the option (2 up to the header length minus one).</param>
    /// <param name="mask">Contiguous mask of the field's bits in that byte, e.g. <c>0x01</c> for DSS 'A'.</param>
    public BitsAttribute(int offset, int mask)
    {
        Offset = offset;
        Mask = mask;
    }

    /// <summary>Byte offset within the option.</summary>
    public int Offset { get; }

    /// <summary>Contiguous mask of the field's bits.</summary>
    public int Mask { get; }
}
