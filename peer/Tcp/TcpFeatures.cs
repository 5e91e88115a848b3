using System.Linq;

namespace Mptcp.Codec.Peer.Tcp;

/// <summary>
/// The TCP options a subflow offers in its SYN besides MSS: SACK (RFC 2018), timestamps (RFC 7323 §3) and window
/// scaling (RFC 7323 §2, the shift the peer's windows are sent with). Each is used once the kernel's SYN or SYN/ACK
/// offers it too; none is offered unless asked for.
/// </summary>
/// <param name="Sack">Offer SACK-permitted, and send SACK blocks for what came past a hole.</param>
/// <param name="Timestamps">Offer timestamps, and carry them on every segment.</param>
/// <param name="WindowScale">The shift of the peer's receive window (0 to 14), or null to offer no scaling.</param>
public readonly record struct TcpFeatures(bool Sack, bool Timestamps, byte? WindowScale)
{
    /// <summary>Whether any option beyond MSS is offered.</summary>
    public bool Any => Sack || Timestamps || WindowScale is not null;

    /// <summary>The options as a script writes them (<c>sack ts wscale 7</c>), empty for none.</summary>
    public override string ToString() =>
        string.Join(' ', new[] { Sack ? "sack" : null, Timestamps ? "ts" : null, WindowScale is byte w ? $"wscale {w}" : null }.Where(x => x is not null));
}
