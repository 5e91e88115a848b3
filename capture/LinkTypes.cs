namespace Mptcp.Codec.Capture;

/// <summary>The LINKTYPE_ values that <see cref="PacketDecoder"/> decodes (tcpdump.org link-layer header types).</summary>
public static class LinkTypes
{
    /// <summary>BSD loopback: a 4-octet address family in the capturing host's byte order.</summary>
    public const int Null = 0;

    /// <summary>Ethernet II, with any number of 802.1Q / 802.1ad tags.</summary>
    public const int Ethernet = 1;

    /// <summary>Raw IP as some BSDs numbered it; the version nibble tells IPv4 from IPv6.</summary>
    public const int RawBsd = 12;

    /// <summary>Raw IP; the version nibble tells IPv4 from IPv6.</summary>
    public const int Raw = 101;

    /// <summary>OpenBSD loopback: a 4-octet address family, big-endian.</summary>
    public const int Loop = 108;

    /// <summary>Linux cooked capture v1: a 16-octet header with the protocol at octet 14.</summary>
    public const int LinuxSll = 113;

    /// <summary>Raw IPv4.</summary>
    public const int IPv4 = 228;

    /// <summary>Raw IPv6.</summary>
    public const int IPv6 = 229;

    /// <summary>Linux cooked capture v2: a 20-octet header with the protocol at octet 0.</summary>
    public const int LinuxSll2 = 276;
}
