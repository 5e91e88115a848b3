namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// One end of an MPTCP connection. The client (RFC 8684's host A) sent the first MP_CAPABLE SYN; the server (host B)
/// answered it. A join's initiator can be either.
/// </summary>
public enum Side : byte
{
    /// <summary>The end that opened the connection.</summary>
    Client = 0,

    /// <summary>The end that accepted it.</summary>
    Server = 1,
}

/// <summary>Helpers for <see cref="Side"/>.</summary>
public static class SideExtensions
{
    /// <summary>The other end.</summary>
    public static Side Other(this Side side) => side == Side.Client ? Side.Server : Side.Client;
}
