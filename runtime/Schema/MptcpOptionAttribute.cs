using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// Declares a partial struct as the wire form of one MPTCP option (TCP option kind 30) or of one
/// variant of a subtype. The source generator emits its reader, writer and validator.
/// </summary>
/// <remarks>
/// Byte 0 is the kind, byte 1 the length, the high nibble of byte 2 the subtype. Bytes
/// <c>2 .. HeaderLength-1</c> hold bit fields (<see cref="BitsAttribute"/>); the fields after the header
/// (<see cref="FieldAttribute"/>) follow in declaration order.
/// </remarks>
[AttributeUsage(AttributeTargets.Struct, Inherited = false)]
public sealed class MptcpOptionAttribute : Attribute
{
    /// <summary>Creates the attribute for the given subtype (0 to 15).</summary>
    public MptcpOptionAttribute(int subtype) => Subtype = subtype;

    /// <summary>The subtype nibble (high four bits of byte 2).</summary>
    public int Subtype { get; }

    /// <summary>Octets before the first field: kind, length and the bit-field bytes (3 or more).</summary>
    public int HeaderLength { get; set; } = 4;

    /// <summary>When non-zero, the only total length this variant has (MP_JOIN forms are told apart by it).</summary>
    public int Length { get; set; }

    /// <summary>
    /// Which variant of its subtype this is (0 to 15), for subtypes with several (MP_JOIN SYN, SYN/ACK, ACK): with the
    /// subtype it gives the option's kind value in a union, <c>(subtype &lt;&lt; 4 | variant) + 1</c>, so that adding an
    /// option never renumbers another. Two options of one subtype need different variants.
    /// </summary>
    public int Variant { get; set; }

    /// <summary>When non-zero, a mask over byte 2 that, with <see cref="MatchValues"/>, tells variants of one subtype apart.</summary>
    public int MatchMask { get; set; }

    /// <summary>The values that <c>byte2 &amp; MatchMask</c> may take for this variant.</summary>
    public int[]? MatchValues { get; set; }

    /// <summary>
    /// When true, the variant of its subtype that the union reads when no other variant reads the option: when no
    /// other's <see cref="MatchMask"/> or <see cref="Length"/> matches, or the one that matches refuses it (RFC 8684's
    /// ADD_ADDR after RFC 6824's IPVer 4 and 6). Takes no <see cref="MatchMask"/>; at most one per subtype.
    /// </summary>
    public bool Fallback { get; set; }

    /// <summary>Short name used in text output (tcpdump's word for the option, e.g. <c>dss</c>).</summary>
    public string? Name { get; set; }
}
