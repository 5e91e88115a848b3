namespace Mptcp.Codec.Packets;

/// <summary>The LINKTYPE_ values that <see cref="PacketDecoder"/> decodes (tcpdump.org link-layer header types).</summary>
public static class LinkTypes
{
    /// <summary>BSD loopback: a 4-octet address family in the capturing host's byte order.</summary>
    public const int Null = 0;

    /// <summary>Ethernet II, with any number of 802.1Q / 802.1ad tags, MPLS label stacks and PPPoE sessions.</summary>
    public const int Ethernet = 1;

    /// <summary>PPP (RFC 1661), with or without the HDLC-like address and control octets <c>ff 03</c> (RFC 1662).</summary>
    public const int Ppp = 9;

    /// <summary>Raw IP as some BSDs numbered it; the version nibble tells IPv4 from IPv6.</summary>
    public const int RawBsd = 12;

    /// <summary>PPP in HDLC-like framing (RFC 1662), or Cisco HDLC framing, told by the first octet.</summary>
    public const int PppHdlc = 50;

    /// <summary>Raw IP; the version nibble tells IPv4 from IPv6.</summary>
    public const int Raw = 101;

    /// <summary>Cisco HDLC: address, control, then a 2-octet EtherType.</summary>
    public const int CiscoHdlc = 104;

    /// <summary>IEEE 802.11 without a radio header; data frames with LLC/SNAP are decoded.</summary>
    public const int Ieee80211 = 105;

    /// <summary>OpenBSD loopback: a 4-octet address family, big-endian.</summary>
    public const int Loop = 108;

    /// <summary>Linux cooked capture v1: a 16-octet header with the protocol at octet 14.</summary>
    public const int LinuxSll = 113;

    /// <summary>IEEE 802.11 after a radiotap header.</summary>
    public const int Ieee80211Radiotap = 127;

    /// <summary>Per-Packet Information header, then the frame of the link type it names (802.11 in practice).</summary>
    public const int Ppi = 192;

    /// <summary>Raw IPv4.</summary>
    public const int IPv4 = 228;

    /// <summary>Raw IPv6.</summary>
    public const int IPv6 = 229;

    /// <summary>Linux netfilter NFLOG: a 4-octet header, then type-length-value attributes, one of which holds the packet.</summary>
    public const int Nflog = 239;

    /// <summary>Linux cooked capture v2: a 20-octet header with the protocol at octet 0.</summary>
    public const int LinuxSll2 = 276;

    /// <summary>
    /// The registry's name of a link type (<c>PPP</c>, <c>IEEE802_11_RADIOTAP</c>, <c>USB_LINUX</c>…) as tcpdump's
    /// <c>-L</c> and the LINKTYPE_ table spell it without the prefix, or null for a number this table does not list.
    /// </summary>
    public static string? NameOf(int linkType) => LinkTypeNames.Of(linkType);
}
