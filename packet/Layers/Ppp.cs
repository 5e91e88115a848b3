using System;

namespace Mptcp.Codec.Packets;

// PPP (RFC 1661): an optional HDLC-like address and control (RFC 1662), then the protocol field.
internal static class Ppp
{
    private const int AllStations = 0xFF;
    private const int UnnumberedInformation = 0x03;

    // A PPP frame, with or without ff 03 in front.
    public static PacketDecodeStatus Find(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        if (frame.Length >= 2 && frame[0] == AllStations && frame[1] == UnnumberedInformation)
        {
            frame = frame[2..];
        }

        return FindAfterProtocol(frame, out packet, out version);
    }

    // The protocol field, one octet when compressed (RFC 1661 §6.5: its low bit is then set) or two: IPv4 is 0x0021,
    // IPv6 0x0057 (RFC 5072). Everything else (LCP, IPCP, compressed TCP…) is not IP here.
    public static PacketDecodeStatus FindAfterProtocol(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version)
    {
        if (frame.IsEmpty)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        int fieldLength = (frame[0] & 0x01) != 0 ? 1 : 2;
        if (frame.Length < fieldLength)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        int protocol = fieldLength == 1 ? frame[0] : (frame[0] << 8) | frame[1];
        int ipVersion = protocol switch
        {
            0x21 => 4,
            0x57 => 6,
            _ => 0,
        };
        return LinkLayer.Found(frame[fieldLength..], ipVersion, out packet, out version);
    }
}
