namespace Mptcp.Codec.Crypto;

/// <summary>
/// What an MP_JOIN's HMACs are computed from (RFC 8684 §3.2), each value named for its side: the initiator A sends
/// the SYN, the listener B answers it. Every value is required by name, so keys and nonces cannot take one another's
/// place unseen, as four arguments of one type can.
/// </summary>
/// <example>
/// <code>
/// var join = new JoinHandshake { Version = MptcpVersion.V1, InitiatorKey = a, ListenerKey = b, InitiatorNonce = ra, ListenerNonce = rb };
/// bool right = synAck.VerifyHmac(join);
/// </code>
/// </example>
public readonly record struct JoinHandshake
{
    /// <summary>The MPTCP version: HMAC-SHA1 for 0, HMAC-SHA256 for 1.</summary>
    public required MptcpVersion Version { get; init; }

    /// <summary>Key-A: the key of the host that sent the MP_JOIN SYN (from its MP_CAPABLE).</summary>
    public required ulong InitiatorKey { get; init; }

    /// <summary>Key-B: the key of the host that answered with the MP_JOIN SYN/ACK.</summary>
    public required ulong ListenerKey { get; init; }

    /// <summary>R-A: the nonce of the MP_JOIN SYN.</summary>
    public required uint InitiatorNonce { get; init; }

    /// <summary>R-B: the nonce of the MP_JOIN SYN/ACK.</summary>
    public required uint ListenerNonce { get; init; }

    /// <summary>The SYN/ACK's truncated HMAC: the leftmost 64 bits of HMAC(Key-B || Key-A, R-B || R-A).</summary>
    public ulong SynAckHmac => MptcpHmac.JoinSynAck(Version, ListenerKey, InitiatorKey, ListenerNonce, InitiatorNonce);

    /// <summary>The third ACK's HMAC: the leftmost 160 bits of HMAC(Key-A || Key-B, R-A || R-B).</summary>
    public Octets20 AckHmac => MptcpHmac.JoinAck(Version, InitiatorKey, ListenerKey, InitiatorNonce, ListenerNonce);
}
