using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// Finds the IP packet in a frame by its link-layer header.
internal static class LinkLayer
{
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;
    private const int FamilyLength = 4;
    private const int CiscoHdlcHeaderLength = 4;
    private const int PpiFixedLength = 8;
    private const int RadiotapFixedLength = 8;

    public static bool IsSupported(int linkType) => linkType is LinkTypes.Null or LinkTypes.Ethernet or LinkTypes.Ppp
        or LinkTypes.RawBsd or LinkTypes.PppHdlc or LinkTypes.Raw or LinkTypes.CiscoHdlc or LinkTypes.Ieee80211
        or LinkTypes.Loop or LinkTypes.LinuxSll or LinkTypes.Ieee80211Radiotap or LinkTypes.Ppi or LinkTypes.IPv4
        or LinkTypes.IPv6 or LinkTypes.Nflog or LinkTypes.LinuxSll2;

    // The IP packet of frame and its version (4 or 6).
    public static PacketDecodeStatus FindPacket(int linkType, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        switch (linkType)
        {
            case LinkTypes.Ethernet:
                return EtherTypes.FindInEthernet(frame, out packet, out version);
            case LinkTypes.Null when frame.Length >= FamilyLength:
                uint family = BinaryPrimitives.ReadUInt32LittleEndian(frame);
                return Found(frame[FamilyLength..], FamilyVersion(family > ushort.MaxValue ? BinaryPrimitives.ReverseEndianness(family) : family), out packet, out version);
            case LinkTypes.Loop when frame.Length >= FamilyLength:
                return Found(frame[FamilyLength..], FamilyVersion(BinaryPrimitives.ReadUInt32BigEndian(frame)), out packet, out version);
            case LinkTypes.Raw or LinkTypes.RawBsd when frame.Length >= 1:
                return Found(frame, frame[0] >> 4, out packet, out version);
            case LinkTypes.IPv4:
                return Found(frame, 4, out packet, out version);
            case LinkTypes.IPv6:
                return Found(frame, 6, out packet, out version);
            case LinkTypes.LinuxSll when frame.Length >= SllHeaderLength:
                return EtherTypes.Find(BinaryPrimitives.ReadUInt16BigEndian(frame[(SllHeaderLength - 2)..]), frame[SllHeaderLength..], out packet, out version);
            case LinkTypes.LinuxSll2 when frame.Length >= Sll2HeaderLength:
                return EtherTypes.Find(BinaryPrimitives.ReadUInt16BigEndian(frame), frame[Sll2HeaderLength..], out packet, out version);
            case LinkTypes.Ppp:
                return Ppp.Find(frame, out packet, out version);
            case LinkTypes.PppHdlc when frame.Length >= 1:
                // RFC 1662 frames start with the all-stations address 0xff; Cisco HDLC with 0x0f (unicast) or 0x8f (multicast).
                return frame[0] == 0xFF ? Ppp.Find(frame, out packet, out version) : FindInCiscoHdlc(frame, out packet, out version);
            case LinkTypes.CiscoHdlc:
                return FindInCiscoHdlc(frame, out packet, out version);
            case LinkTypes.Ieee80211:
                return Ieee80211.Find(frame, out packet, out version);
            case LinkTypes.Ieee80211Radiotap when frame.Length >= RadiotapFixedLength:
                // The radiotap header's length (little-endian, octet 2) covers all its fields; the 802.11 frame follows.
                int radiotap = BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]);
                return radiotap < RadiotapFixedLength ? Bad(out packet, out version)
                    : radiotap > frame.Length ? Truncated(out packet, out version)
                    : Ieee80211.Find(frame[radiotap..], out packet, out version);
            case LinkTypes.Ppi when frame.Length >= PpiFixedLength:
                // PPI: version, flags, header length and the inner link type, little-endian; the inner frame follows.
                int ppi = BinaryPrimitives.ReadUInt16LittleEndian(frame[2..]);
                int inner = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(frame[4..]), int.MaxValue);
                return ppi < PpiFixedLength || inner == LinkTypes.Ppi ? Bad(out packet, out version)
                    : ppi > frame.Length ? Truncated(out packet, out version)
                    : FindPacket(inner, frame[ppi..], out packet, out version);
            case LinkTypes.Nflog:
                return Nflog.Find(frame, out packet, out version);
            default:
                packet = default;
                version = 0;
                return IsSupported(linkType) ? PacketDecodeStatus.Truncated : PacketDecodeStatus.UnsupportedLinkType;
        }
    }

    // Cisco HDLC: address, control, and the payload's EtherType.
    private static PacketDecodeStatus FindInCiscoHdlc(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version) =>
        frame.Length < CiscoHdlcHeaderLength ? Truncated(out packet, out version)
        : EtherTypes.Find(BinaryPrimitives.ReadUInt16BigEndian(frame[2..]), frame[CiscoHdlcHeaderLength..], out packet, out version);

    // The packet is frame, if ipVersion is 4 or 6.
    internal static PacketDecodeStatus Found(ReadOnlySpan<byte> frame, int ipVersion, out ReadOnlySpan<byte> packet, out int version)
    {
        packet = frame;
        version = ipVersion;
        return ipVersion is 4 or 6 ? PacketDecodeStatus.Ok : PacketDecodeStatus.NotIP;
    }

    internal static PacketDecodeStatus Truncated(out ReadOnlySpan<byte> packet, out int version) => Fail(PacketDecodeStatus.Truncated, out packet, out version);

    internal static PacketDecodeStatus Bad(out ReadOnlySpan<byte> packet, out int version) => Fail(PacketDecodeStatus.BadHeader, out packet, out version);

    internal static PacketDecodeStatus NotIP(out ReadOnlySpan<byte> packet, out int version) => Fail(PacketDecodeStatus.NotIP, out packet, out version);

    private static PacketDecodeStatus Fail(PacketDecodeStatus status, out ReadOnlySpan<byte> packet, out int version)
    {
        packet = default;
        version = 0;
        return status;
    }

    // AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
    private static int FamilyVersion(uint family) => family switch
    {
        2 => 4,
        24 or 28 or 30 => 6,
        _ => 0,
    };
}
