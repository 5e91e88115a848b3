namespace Mptcp.Codec.Crypto;

/// <summary>The MPTCP protocol version, which picks the hash: SHA-1 for v0, SHA-256 for v1.</summary>
public enum MptcpVersion : byte
{
    /// <summary>RFC 6824.</summary>
    V0 = 0,

    /// <summary>RFC 8684.</summary>
    V1 = 1,
}
