using System;

namespace Mptcp.Codec.Schema;

/// <summary>
/// A field after the option header, in declaration order. Its width comes from its type:
/// <see cref="byte"/> 1, <see cref="ushort"/> 2, <see cref="uint"/> 4, <see cref="ulong"/> 8 (or 4/8 with
/// <see cref="WideWhen"/>), <see cref="Octets20"/> 20, <see cref="MptcpAddress"/> 4 or 16 (told by the
/// option length), <see cref="OctetList"/> the rest of the option.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class FieldAttribute : Attribute
{
    /// <summary>Name of a one-bit <see cref="BitsAttribute"/> flag: the field is present only when it is set.</summary>
    public string? When { get; set; }

    /// <summary>Name of a one-bit flag that makes a <see cref="ulong"/> field 8 octets wide when set, 4 when clear.</summary>
    public string? WideWhen { get; set; }

    /// <summary>Whether the option length decides the field's presence.</summary>
    public FieldPresence Presence { get; set; }

    /// <summary>For an <see cref="OctetList"/>: the fewest octets it may hold.</summary>
    public int MinCount { get; set; }
}
