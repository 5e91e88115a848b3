using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_JOIN on the third ACK (subtype 0x1, length 24), RFC 8684 §3.2: the sender's 160-bit HMAC.</summary>
[MptcpOption(0x1, Variant = 2, Length = 24, Name = "join")]
[ReservedBits(2, 0x0F)]
[ReservedBits(3, 0xFF)]
public partial record struct MpJoinAckOption
{
    /// <summary>The sender's HMAC (160 bits).</summary>
    [Field] public Octets20 SenderHmac { get; set; }
}
