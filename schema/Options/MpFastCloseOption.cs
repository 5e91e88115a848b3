using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_FASTCLOSE (subtype 0x7, length 12), RFC 8684 §3.5: the receiver's key.</summary>
[MptcpOption(0x7, Length = 12, Name = "fast-close")]
[ReservedBits(2, 0x0F)]
[ReservedBits(3, 0xFF)]
public partial record struct MpFastCloseOption
{
    /// <summary>The key of the option's receiver.</summary>
    [Field] public ulong ReceiverKey { get; set; }
}
