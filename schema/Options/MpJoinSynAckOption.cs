using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_JOIN on a SYN/ACK (subtype 0x1, length 16), RFC 8684 §3.2: the truncated HMAC and a nonce.</summary>
[MptcpOption(0x1, Variant = 1, Length = 16, Name = "join")]
[ReservedBits(2, 0x0E)]
public partial record struct MpJoinSynAckOption
{
    /// <summary>'B': the subflow is a backup.</summary>
    [Bits(2, 0x01)] public bool Backup { get; set; }

    /// <summary>The address ID of the sender's address.</summary>
    [Bits(3, 0xFF)] public byte AddressId { get; set; }

    /// <summary>The leftmost 64 bits of the sender's HMAC.</summary>
    [Field] public ulong SenderTruncatedHmac { get; set; }

    /// <summary>The sender's random number (nonce).</summary>
    [Field] public uint SenderRandomNumber { get; set; }
}
