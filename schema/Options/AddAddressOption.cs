using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>
/// ADD_ADDR of RFC 8684 §3.4.1 (subtype 0x3, 'E' form): an address, an optional port and, unless it echoes,
/// the truncated HMAC. The length tells IPv4 from IPv6 and whether port and HMAC are there.
/// </summary>
/// <remarks>
/// Octet 2's low nibble is RFC 6824's IPVer but RFC 8684's three reserved bits and 'E'. The union reads what
/// <see cref="AddAddressV0Option"/> refuses as this form, ignoring the reserved bits as RFC 8684 receivers (Linux
/// among them) do: the HMAC's presence ('E' = 0) keeps the two apart.
/// </remarks>
[MptcpOption(0x3, Variant = 1, Fallback = true, Name = "add-addr")]
[ReservedBits(2, 0x0E)]
public partial record struct AddAddressOption
{
    /// <summary>'E': this echoes an ADD_ADDR received (and carries no HMAC).</summary>
    [Bits(2, 0x01)] public bool Echo { get; set; }

    /// <summary>The address ID.</summary>
    [Bits(3, 0xFF)] public byte AddressId { get; set; }

    /// <summary>The announced address.</summary>
    [Field] public MptcpAddress Address { get; set; }

    /// <summary>The announced port.</summary>
    [Field(Presence = FieldPresence.ByLength)] public ushort Port { get; set; }

    /// <summary>True when the option carries <see cref="Port"/> (its length tells).</summary>
    public bool HasPort { get; set; }

    /// <summary>Rightmost 64 bits of HMAC-SHA256(announcer's key || receiver's key, Address ID || Address || Port).</summary>
    [Field(Presence = FieldPresence.ByLength)]
    [Hmac(nameof(AddressId), nameof(Address), nameof(Port))]
    [PresentWhen(nameof(Echo), false)]
    [AbsentWhen(nameof(Echo), true)]
    public ulong Hmac { get; set; }

    /// <summary>True when the option carries <see cref="Hmac"/> (its length tells).</summary>
    public bool HasHmac { get; set; }
}
