using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// The IPv6 header and its extension-header chain, up to the upper-layer header; the payload length bounds the packet.
internal static class IPv6Layer
{
    private const int FixedHeaderLength = 40;
    private const byte HopByHop = 0;
    private const byte Routing = 43;
    private const byte Fragment = 44;
    private const byte AuthenticationHeader = 51;
    private const byte DestinationOptions = 60;
    private const byte Mobility = 135;

    // The length of the headers up to the upper layer, where the packet ends by its payload length, and the upper layer's protocol.
    public static PacketDecodeStatus Measure(ReadOnlySpan<byte> packet, out int headerLength, out int end, out byte protocol)
    {
        headerLength = end = 0;
        protocol = 0;
        if (packet.Length < FixedHeaderLength)
        {
            return PacketDecodeStatus.Truncated;
        }

        if (packet[0] >> 4 != 6)
        {
            return PacketDecodeStatus.BadHeader;
        }

        int payloadLength = BinaryPrimitives.ReadUInt16BigEndian(packet[4..]);
        end = payloadLength == 0 ? packet.Length : FixedHeaderLength + payloadLength; // 0: a jumbogram, or TSO
        byte next = packet[6];
        int offset = FixedHeaderLength;
        while (next is HopByHop or Routing or Fragment or AuthenticationHeader or DestinationOptions or Mobility)
        {
            PacketDecodeStatus status = Bound(offset + 2, end, packet.Length);
            if (status != PacketDecodeStatus.Ok)
            {
                return status;
            }

            int length = next switch
            {
                Fragment => 8,
                AuthenticationHeader => (packet[offset + 1] + 2) * 4,
                _ => (packet[offset + 1] + 1) * 8,
            };
            status = Bound(offset + length, end, packet.Length);
            if (status != PacketDecodeStatus.Ok)
            {
                return status;
            }

            if (next == Fragment && (BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]) & 0xFFF8) != 0)
            {
                return PacketDecodeStatus.NonFirstFragment;
            }

            next = packet[offset];
            offset += length;
        }

        headerLength = offset;
        protocol = next;
        return PacketDecodeStatus.Ok;
    }

    // Whether a header ending at needed fits the packet's length and the captured octets.
    private static PacketDecodeStatus Bound(int needed, int end, int captured) =>
        needed > end ? PacketDecodeStatus.BadHeader : needed > captured ? PacketDecodeStatus.Truncated : PacketDecodeStatus.Ok;
}
