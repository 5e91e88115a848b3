using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_PRIO (subtype 0x5), RFC 8684 §3.3.8: length 3, or 4 with the address ID of RFC 6824.</summary>
[MptcpOption(0x5, HeaderLength = 3, Name = "prio")]
[ReservedBits(2, 0x0E)]
public partial record struct MpPrioOption
{
    /// <summary>'B': the subflow becomes a backup.</summary>
    [Bits(2, 0x01)] public bool Backup { get; set; }

    /// <summary>The address ID (RFC 6824 only).</summary>
    [Field(Presence = FieldPresence.Trailing)] public byte AddressId { get; set; }

    /// <summary>True when the option carries <see cref="AddressId"/> (its length tells).</summary>
    public bool HasAddressId { get; set; }
}
