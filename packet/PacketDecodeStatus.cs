namespace Mptcp.Codec.Packets;

/// <summary>Why <see cref="PacketDecoder.TryDecodeTcp"/> found no TCP segment, or <see cref="Ok"/>.</summary>
public enum PacketDecodeStatus
{
    /// <summary>A TCP segment was found.</summary>
    Ok,

    /// <summary>The link layer carries something other than IPv4 or IPv6 (ARP, LLC, an unknown family…).</summary>
    NotIP,

    /// <summary>The IP packet carries another protocol (UDP, ICMP, an unknown or absent next header…).</summary>
    NotTcp,

    /// <summary>An IPv4 or IPv6 fragment with a non-zero offset: no TCP header in it.</summary>
    NonFirstFragment,

    /// <summary>The captured octets end before a header does.</summary>
    Truncated,

    /// <summary>A header contradicts itself: IP version, IHL below 5, a length below the header's, a TCP data offset below 5 or past the segment.</summary>
    BadHeader,

    /// <summary>The link type is not one of <see cref="LinkTypes"/>.</summary>
    UnsupportedLinkType,
}
