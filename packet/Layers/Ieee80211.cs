using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// IEEE 802.11 data frames: the MAC header (its length from the frame control field), then LLC/SNAP with an
// EtherType. Management and control frames, frames without data, protected (encrypted) frames and A-MSDUs carry no
// IP packet that can be read here.
internal static class Ieee80211
{
    private const int BaseHeaderLength = 24;
    private const int FourthAddressLength = 6;
    private const int QosControlLength = 2;
    private const int HtControlLength = 4;
    private const int SnapLength = 8;
    private const int DataType = 2;

    public static PacketDecodeStatus Find(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        if (frame.Length < 2)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        int type = (frame[0] >> 2) & 0x03;
        int subtype = frame[0] >> 4;
        byte flags = frame[1];
        bool toAndFromDs = (flags & 0x03) == 0x03;
        bool isProtected = (flags & 0x40) != 0;
        bool qos = (subtype & 0x08) != 0;
        bool noData = (subtype & 0x04) != 0;
        if (type != DataType || noData || isProtected)
        {
            return LinkLayer.NotIP(out packet, out version);
        }

        int header = BaseHeaderLength + (toAndFromDs ? FourthAddressLength : 0) + (qos ? QosControlLength : 0)
            + (qos && (flags & 0x80) != 0 ? HtControlLength : 0);
        if (frame.Length < header + SnapLength)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        bool amsdu = qos && (frame[BaseHeaderLength + (toAndFromDs ? FourthAddressLength : 0)] & 0x80) != 0; // QoS control bit 7
        ReadOnlySpan<byte> llc = frame[header..];

        // SNAP: DSAP and SSAP 0xaa, UI control, then the RFC 1042 OUI 00-00-00 or 802.1H's 00-00-f8, then an EtherType.
        bool snap = llc[0] == 0xAA && llc[1] == 0xAA && llc[2] == 0x03 && llc[3] == 0 && llc[4] == 0 && llc[5] is 0x00 or 0xF8;
        return amsdu || !snap ? LinkLayer.NotIP(out packet, out version)
            : EtherTypes.Find(BinaryPrimitives.ReadUInt16BigEndian(llc[6..]), llc[SnapLength..], out packet, out version);
    }
}
