using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Options;

public partial record struct MpJoinAckOption
{
    /// <summary>The HMAC this third ACK must carry for <paramref name="join"/> (RFC 8684 §3.2).</summary>
    public readonly Octets20 ComputeHmac(in JoinHandshake join) => join.AckHmac;

    /// <summary>True when <see cref="SenderHmac"/> is the one <paramref name="join"/> gives.</summary>
    public readonly bool VerifyHmac(in JoinHandshake join) => SenderHmac == join.AckHmac;
}
