using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_EXPERIMENTAL (subtype 0xF), RFC 8684 §7: kept raw.</summary>
[MptcpOption(0xF, HeaderLength = 3, Name = "unknown")]
public partial record struct MpExperimentalOption
{
    /// <summary>The low nibble of the subtype octet.</summary>
    [Bits(2, 0x0F)] public byte LowBits { get; set; }

    /// <summary>The octets after the subtype octet.</summary>
    [Field] public OctetList Data { get; set; }
}
