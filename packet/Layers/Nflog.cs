using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// Linux NFLOG (LINKTYPE_NFLOG): address family, version and resource id, then attributes of type, length and value,
// each padded to 4 octets. The packet is attribute NFULA_PAYLOAD (9). The attributes' length and type are in the
// capturing host's byte order; as Wireshark does, the order that makes the first attribute fit is taken.
internal static class Nflog
{
    private const int HeaderLength = 4;
    private const int AttributeHeaderLength = 4;
    private const int PayloadAttribute = 9;
    private const int AddressFamilyInet = 2;
    private const int AddressFamilyInet6 = 10;

    public static PacketDecodeStatus Find(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        if (frame.Length < HeaderLength + AttributeHeaderLength)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        int ipVersion = frame[0] switch
        {
            AddressFamilyInet => 4,
            AddressFamilyInet6 => 6,
            _ => 0,
        };
        int firstLength = BinaryPrimitives.ReadUInt16LittleEndian(frame[HeaderLength..]);
        bool bigEndian = firstLength < AttributeHeaderLength || firstLength > frame.Length - HeaderLength;
        int offset = HeaderLength;
        while (frame.Length - offset >= AttributeHeaderLength)
        {
            int length = UInt16(frame[offset..], bigEndian);
            int type = UInt16(frame[(offset + 2)..], bigEndian) & 0x7FFF; // the top bit flags nested attributes
            if (length < AttributeHeaderLength)
            {
                return LinkLayer.Bad(out packet, out version);
            }

            if (length > frame.Length - offset)
            {
                return LinkLayer.Truncated(out packet, out version);
            }

            if (type == PayloadAttribute)
            {
                return LinkLayer.Found(frame.Slice(offset + AttributeHeaderLength, length - AttributeHeaderLength), ipVersion, out packet, out version);
            }

            offset += (length + 3) & ~3;
        }

        return LinkLayer.NotIP(out packet, out version); // no payload attribute: a logged event without its packet
    }

    // NFLOG's attribute headers are in the capturing host's byte order.
    private static ushort UInt16(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);
}
