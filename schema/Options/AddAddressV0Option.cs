using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>ADD_ADDR of RFC 6824 §3.4.1 (subtype 0x3, IPVer form): IPVer 4 or 6, an address and an optional port.</summary>
[MptcpOption(0x3, MatchMask = 0x0F, MatchValues = new[] { 0x04, 0x06 }, Name = "add-addr")]
public partial record struct AddAddressV0Option
{
    /// <summary>IPVer: 4 or 6.</summary>
    [Bits(2, 0x0F)] [IPVersionOf(nameof(Address))] public byte IPVersion { get; set; }

    /// <summary>The address ID.</summary>
    [Bits(3, 0xFF)] public byte AddressId { get; set; }

    /// <summary>The announced address.</summary>
    [Field] public MptcpAddress Address { get; set; }

    /// <summary>The announced port.</summary>
    [Field(Presence = FieldPresence.ByLength)] public ushort Port { get; set; }

    /// <summary>True when the option carries <see cref="Port"/> (its length tells).</summary>
    public bool HasPort { get; set; }
}
