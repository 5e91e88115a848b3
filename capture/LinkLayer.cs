using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Capture;

/// <summary>Finds the IP packet in a frame by its link-layer header.</summary>
internal static class LinkLayer
{
    private const int EthernetTypeOffset = 12;
    private const int SllHeaderLength = 16;
    private const int Sll2HeaderLength = 20;
    private const int FamilyLength = 4;

    public static bool IsSupported(int linkType) => linkType is LinkTypes.Null or LinkTypes.Ethernet or LinkTypes.RawBsd
        or LinkTypes.Raw or LinkTypes.Loop or LinkTypes.LinuxSll or LinkTypes.IPv4 or LinkTypes.IPv6 or LinkTypes.LinuxSll2;

    /// <summary>The IP packet of <paramref name="frame"/> and its version (4 or 6).</summary>
    public static PacketDecodeStatus FindPacket(int linkType, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        switch (linkType)
        {
            case LinkTypes.Ethernet:
                return FindInEthernet(frame, out packet, out version);
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
                return Found(frame[SllHeaderLength..], EtherTypeVersion(BinaryPrimitives.ReadUInt16BigEndian(frame[(SllHeaderLength - 2)..])), out packet, out version);
            case LinkTypes.LinuxSll2 when frame.Length >= Sll2HeaderLength:
                return Found(frame[Sll2HeaderLength..], EtherTypeVersion(BinaryPrimitives.ReadUInt16BigEndian(frame)), out packet, out version);
            default:
                packet = default;
                version = 0;
                return IsSupported(linkType) ? PacketDecodeStatus.Truncated : PacketDecodeStatus.UnsupportedLinkType;
        }
    }

    /// <summary>Ethernet II: the EtherType after the two addresses, past any 802.1Q, 802.1ad or QinQ tags.</summary>
    private static PacketDecodeStatus FindInEthernet(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        int offset = EthernetTypeOffset;
        while (frame.Length >= offset + 2)
        {
            ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]);
            offset += 2;
            if (type is not (0x8100 or 0x88A8 or 0x9100))
            {
                return Found(frame[offset..], EtherTypeVersion(type), out packet, out version);
            }

            offset += 2; // the tag control information
        }

        packet = default;
        version = 0;
        return PacketDecodeStatus.Truncated;
    }

    private static PacketDecodeStatus Found(ReadOnlySpan<byte> frame, int ipVersion, out ReadOnlySpan<byte> packet, out int version)
    {
        packet = frame;
        version = ipVersion;
        return ipVersion is 4 or 6 ? PacketDecodeStatus.Ok : PacketDecodeStatus.NotIP;
    }

    private static int EtherTypeVersion(ushort etherType) => etherType switch
    {
        0x0800 => 4,
        0x86DD => 6,
        _ => 0,
    };

    /// <summary>AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).</summary>
    private static int FamilyVersion(uint family) => family switch
    {
        2 => 4,
        24 or 28 or 30 => 6,
        _ => 0,
    };
}
