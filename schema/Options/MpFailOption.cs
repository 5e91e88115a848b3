using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_FAIL (subtype 0x6, length 12), RFC 8684 §3.7: the data sequence number where a checksum failed.</summary>
[MptcpOption(0x6, Length = 12, Name = "fail")]
[ReservedBits(2, 0x0F)]
[ReservedBits(3, 0xFF)]
public partial record struct MpFailOption
{
    /// <summary>The 64-bit data sequence number.</summary>
    [Field] public ulong DataSequenceNumber { get; set; }
}
