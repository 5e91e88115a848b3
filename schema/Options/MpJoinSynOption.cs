using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_JOIN on a SYN (subtype 0x1, length 12), RFC 8684 §3.2: the token of the connection to join and a nonce.</summary>
[MptcpOption(0x1, Length = 12, Name = "join")]
[ReservedBits(2, 0x0E)]
public partial record struct MpJoinSynOption
{
    /// <summary>'B': the subflow is a backup.</summary>
    [Bits(2, 0x01)] public bool Backup { get; set; }

    /// <summary>The address ID of the sender's address.</summary>
    [Bits(3, 0xFF)] public byte AddressId { get; set; }

    /// <summary>The receiver's token (from its key).</summary>
    [Field] public uint ReceiverToken { get; set; }

    /// <summary>The sender's random number (nonce).</summary>
    [Field] public uint SenderRandomNumber { get; set; }
}
