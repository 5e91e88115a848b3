using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// What an EtherType says follows: IP, or a layer with IP further in (VLAN tags, an MPLS label stack, a PPPoE
// session). Ethernet, Linux cooked captures, Cisco HDLC, LLC/SNAP and GRE all name their payload this way.
internal static class EtherTypes
{
    private const int EthernetHeaderLength = 14;
    private const int TagLength = 4;
    private const int MplsEntryLength = 4;
    private const int PppoeHeaderLength = 6;

    // Ethernet II: the EtherType after the two addresses.
    public static PacketDecodeStatus FindInEthernet(ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version) =>
        frame.Length < EthernetHeaderLength ? LinkLayer.Truncated(out packet, out version)
        : Find(BinaryPrimitives.ReadUInt16BigEndian(frame[12..]), frame[EthernetHeaderLength..], out packet, out version);

    // The IP packet in payload, which etherType names.
    public static PacketDecodeStatus Find(ushort etherType, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> packet, out int version)
    {
        // Each tag is a 2-octet control field and the EtherType of what follows; any number of them (802.1Q, 802.1ad, QinQ).
        while (etherType is 0x8100 or 0x88A8 or 0x9100)
        {
            if (payload.Length < TagLength)
            {
                return LinkLayer.Truncated(out packet, out version);
            }

            etherType = BinaryPrimitives.ReadUInt16BigEndian(payload[2..]);
            payload = payload[TagLength..];
        }

        switch (etherType)
        {
            case 0x0800:
                return LinkLayer.Found(payload, 4, out packet, out version);
            case 0x86DD:
                return LinkLayer.Found(payload, 6, out packet, out version);
            case 0x8847 or 0x8848:
                return FindUnderLabels(payload, out packet, out version);
            case 0x8864:
                // A PPPoE session (RFC 2516): version/type, code, session id, length, then a PPP protocol field.
                return payload.Length < PppoeHeaderLength ? LinkLayer.Truncated(out packet, out version)
                    : Ppp.FindAfterProtocol(payload[PppoeHeaderLength..], out packet, out version);
            default:
                return LinkLayer.NotIP(out packet, out version);
        }
    }

    // An MPLS label stack (RFC 3032) down to the entry with the bottom-of-stack bit; the payload's version nibble then
    // says IPv4 or IPv6, as Wireshark guesses it. Anything else under the labels (a pseudowire) is not IP here.
    private static PacketDecodeStatus FindUnderLabels(ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> packet, out int version)
    {
        bool bottom = false;
        while (!bottom)
        {
            if (payload.Length < MplsEntryLength)
            {
                return LinkLayer.Truncated(out packet, out version);
            }

            bottom = (payload[2] & 0x01) != 0;
            payload = payload[MplsEntryLength..];
        }

        return payload.IsEmpty ? LinkLayer.Truncated(out packet, out version) : LinkLayer.Found(payload, payload[0] >> 4, out packet, out version);
    }
}
