using Mptcp.Codec.Options;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Peer.Mptcp;

/// <summary>The MPTCP state of one subflow of a <see cref="PeerConnection"/>: its TCP side, its mapping, its join.</summary>
public sealed class MptcpSubflow
{
    internal MptcpSubflow(TcpSubflow tcp, bool isJoin, bool activeJoin)
    {
        Tcp = tcp;
        IsJoin = isJoin;
        ActiveJoin = activeJoin;
    }

    /// <summary>The TCP connection.</summary>
    public TcpSubflow Tcp { get; }

    /// <summary>Added with MP_JOIN (not the initial subflow).</summary>
    public bool IsJoin { get; }

    /// <summary>The peer sent the MP_JOIN SYN (false: the kernel did).</summary>
    public bool ActiveJoin { get; }

    /// <summary>Our MP_JOIN nonce.</summary>
    public uint LocalNonce { get; internal set; }

    /// <summary>The kernel's MP_JOIN nonce.</summary>
    public uint RemoteNonce { get; internal set; }

    /// <summary>The address id the kernel gave in its MP_JOIN SYN or SYN/ACK.</summary>
    public byte RemoteAddressId { get; internal set; }

    /// <summary>Whether the kernel's MP_JOIN HMAC (SYN/ACK's truncated one, or third ACK's) was the one RFC 8684 §3.2 gives; null before it came.</summary>
    public bool? RemoteHmacValid { get; internal set; }

    /// <summary>The subflow can carry data: the MP_CAPABLE handshake, or the join's fourth ACK, is done.</summary>
    public bool Established { get; internal set; }

    /// <summary>The subflow was reset, by the kernel or by the peer.</summary>
    public bool Reset { get; internal set; }

    /// <summary>The kernel sent the reset.</summary>
    public bool ResetByKernel { get; internal set; }

    /// <summary>The MP_TCPRST that came with the reset, if any.</summary>
    public MpTcpRstOption? ResetOption { get; internal set; }

    /// <summary>Octets of the kernel's data this subflow carried, each counted once (in order at TCP level).</summary>
    public long DataOctets { get; internal set; }

    /// <summary>The kernel sent a TCP FIN.</summary>
    public bool RemoteFin { get; internal set; }

    // The last mapping the kernel sent on this subflow: 64-bit DSN, relative subflow sequence, length.
    internal (ulong Dsn, uint Ssn, ushort Length)? Mapping { get; set; }
}
