using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// The IPv4 header: its length from IHL, the packet bounded by the total length, fragments told apart.
internal static class IPv4Layer
{
    private const int MinimumHeaderLength = 20;

    // The header's length (options included), where the packet ends by its total length, and its protocol.
    public static PacketDecodeStatus Measure(ReadOnlySpan<byte> packet, out int headerLength, out int end, out byte protocol)
    {
        headerLength = end = 0;
        protocol = 0;
        if (packet.Length < MinimumHeaderLength)
        {
            return PacketDecodeStatus.Truncated;
        }

        headerLength = (packet[0] & 0x0F) * 4;
        end = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if (end == 0)
        {
            end = packet.Length; // left 0 by a host that segments in hardware (TSO)
        }

        protocol = packet[9];
        return packet[0] >> 4 != 4 || headerLength < MinimumHeaderLength || end < headerLength ? PacketDecodeStatus.BadHeader
            : packet.Length < headerLength ? PacketDecodeStatus.Truncated
            : (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1FFF) != 0 ? PacketDecodeStatus.NonFirstFragment
            : PacketDecodeStatus.Ok;
    }
}
