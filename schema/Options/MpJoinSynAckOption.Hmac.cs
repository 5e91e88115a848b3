using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Options;

public partial record struct MpJoinSynAckOption
{
    /// <summary>The truncated HMAC this SYN/ACK must carry for <paramref name="join"/> (RFC 8684 §3.2).</summary>
    public readonly ulong ComputeHmac(in JoinHandshake join) => join.SynAckHmac;

    /// <summary>True when <see cref="SenderTruncatedHmac"/> is the one <paramref name="join"/> gives.</summary>
    public readonly bool VerifyHmac(in JoinHandshake join) => SenderTruncatedHmac == join.SynAckHmac;
}
