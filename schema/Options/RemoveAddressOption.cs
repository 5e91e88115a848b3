using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>REMOVE_ADDR (subtype 0x4), RFC 8684 §3.4.2: one or more address IDs.</summary>
[MptcpOption(0x4, HeaderLength = 3, Name = "rem-addr")]
[ReservedBits(2, 0x0F)]
public partial record struct RemoveAddressOption
{
    /// <summary>The removed address IDs (at least one).</summary>
    [Field(MinCount = 1)] public OctetList AddressIds { get; set; }
}
