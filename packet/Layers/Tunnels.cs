using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Packets;

// Encapsulations that carry IP in IP, as Wireshark decodes them by default: IP-in-IP (protocols 4 and 41), GRE
// (47, RFC 2784/2890, and PPTP's enhanced GRE, RFC 2637), and over UDP VXLAN (port 4789, RFC 7348) and GTP-U
// (port 2152, 3GPP TS 29.281). The inner packet is what the TCP segment's addresses come from.
internal static class Tunnels
{
    private const byte IPv4InIP = 4;
    private const byte IPv6InIP = 41;
    private const byte Gre = 47;
    private const byte Udp = 17;
    private const int UdpHeaderLength = 8;
    private const int VxlanPort = 4789;
    private const int VxlanHeaderLength = 8;
    private const int GtpUserPort = 2152;
    private const int GtpFixedLength = 8;
    private const int GtpOptionalLength = 4;
    private const byte GtpPdu = 0xFF;

    // The packet inside payload of an IP packet of protocol; NotTcp when it is no tunnel.
    public static PacketDecodeStatus FindInner(byte protocol, ReadOnlySpan<byte> payload, out ReadOnlySpan<byte> packet, out int version) => protocol switch
    {
        IPv4InIP => LinkLayer.Found(payload, 4, out packet, out version),
        IPv6InIP => LinkLayer.Found(payload, 6, out packet, out version),
        Gre => FindInGre(payload, out packet, out version),
        Udp => FindInUdp(payload, out packet, out version),
        _ => NotTcp(out packet, out version),
    };

    // GRE version 0: flags, protocol type, then checksum (C), key (K) and sequence number (S), 4 octets each when
    // flagged. Version 1 (PPTP) always has the key field and adds sequence (S) and acknowledgment (A) numbers; it
    // carries PPP. Source routing (R, RFC 1701) is not read.
    private static PacketDecodeStatus FindInGre(ReadOnlySpan<byte> gre, out ReadOnlySpan<byte> packet, out int version)
    {
        if (gre.Length < 4)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        ushort flags = BinaryPrimitives.ReadUInt16BigEndian(gre);
        ushort protocolType = BinaryPrimitives.ReadUInt16BigEndian(gre[2..]);
        bool checksum = (flags & 0x8000) != 0, routing = (flags & 0x4000) != 0, key = (flags & 0x2000) != 0;
        bool sequence = (flags & 0x1000) != 0, acknowledgment = (flags & 0x0080) != 0;
        int greVersion = flags & 0x0007;
        int length = greVersion switch
        {
            0 when !routing => 4 + (checksum ? 4 : 0) + (key ? 4 : 0) + (sequence ? 4 : 0),
            1 when key && !checksum && !routing => 8 + (sequence ? 4 : 0) + (acknowledgment ? 4 : 0),
            _ => -1,
        };
        if (length < 0)
        {
            return NotTcp(out packet, out version);
        }

        if (gre.Length < length)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        ReadOnlySpan<byte> inner = gre[length..];
        return protocolType switch
        {
            0x6558 => EtherTypes.FindInEthernet(inner, out packet, out version), // transparent Ethernet bridging
            0x880B => Ppp.Find(inner, out packet, out version),
            _ => EtherTypes.Find(protocolType, inner, out packet, out version),
        };
    }

    // UDP to or from the VXLAN or GTP-U port; other UDP is no tunnel.
    private static PacketDecodeStatus FindInUdp(ReadOnlySpan<byte> udp, out ReadOnlySpan<byte> packet, out int version)
    {
        if (udp.Length < UdpHeaderLength)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        int source = BinaryPrimitives.ReadUInt16BigEndian(udp);
        int destination = BinaryPrimitives.ReadUInt16BigEndian(udp[2..]);
        ReadOnlySpan<byte> payload = udp[UdpHeaderLength..];
        if (source == VxlanPort || destination == VxlanPort)
        {
            // Flags (the I bit says the VNI is valid), reserved, VNI, reserved; an Ethernet frame follows.
            return payload.Length < VxlanHeaderLength ? LinkLayer.Truncated(out packet, out version)
                : EtherTypes.FindInEthernet(payload[VxlanHeaderLength..], out packet, out version);
        }

        return source == GtpUserPort || destination == GtpUserPort ? FindInGtpUser(payload, out packet, out version) : NotTcp(out packet, out version);
    }

    // GTPv1-U: flags (version 1, protocol type 1), message type, length, TEID; with any of the E, S or PN flags, a
    // sequence number, an N-PDU number and the first extension header's type, then extension headers, each a length
    // in 4-octet units and ending with the next one's type. Only a G-PDU (type 0xff) carries a user packet.
    private static PacketDecodeStatus FindInGtpUser(ReadOnlySpan<byte> gtp, out ReadOnlySpan<byte> packet, out int version)
    {
        if (gtp.Length < GtpFixedLength)
        {
            return LinkLayer.Truncated(out packet, out version);
        }

        byte flags = gtp[0];
        if (flags >> 5 != 1 || (flags & 0x10) == 0 || gtp[1] != GtpPdu)
        {
            return NotTcp(out packet, out version);
        }

        int offset = GtpFixedLength;
        if ((flags & 0x07) != 0)
        {
            if (gtp.Length < offset + GtpOptionalLength)
            {
                return LinkLayer.Truncated(out packet, out version);
            }

            byte next = (flags & 0x04) != 0 ? gtp[offset + 3] : (byte)0;
            offset += GtpOptionalLength;
            while (next != 0)
            {
                if (gtp.Length <= offset)
                {
                    return LinkLayer.Truncated(out packet, out version);
                }

                int length = gtp[offset] * 4;
                if (length == 0)
                {
                    return LinkLayer.Bad(out packet, out version);
                }

                if (gtp.Length < offset + length)
                {
                    return LinkLayer.Truncated(out packet, out version);
                }

                next = gtp[offset + length - 1];
                offset += length;
            }
        }

        ReadOnlySpan<byte> inner = gtp[offset..];
        return inner.IsEmpty ? LinkLayer.Truncated(out packet, out version) : LinkLayer.Found(inner, inner[0] >> 4, out packet, out version);
    }

    private static PacketDecodeStatus NotTcp(out ReadOnlySpan<byte> packet, out int version)
    {
        packet = default;
        version = 0;
        return PacketDecodeStatus.NotTcp;
    }
}
