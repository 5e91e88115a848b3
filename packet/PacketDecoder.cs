using System;

namespace Mptcp.Codec.Packets;

/// <summary>Finds the TCP segment of a captured frame: link layer, IPv4 or IPv6 (with extension headers), tunnels, TCP.</summary>
public static class PacketDecoder
{
    // The protocol number of TCP, in IPv4's protocol field and IPv6's next header.
    internal const byte TcpProtocol = 6;

    private const int TcpFixedLength = 20;

    /// <summary>Whether <paramref name="linkType"/> is one of <see cref="LinkTypes"/>.</summary>
    public static bool IsSupportedLinkType(int linkType) => LinkLayer.IsSupported(linkType);

    /// <summary>
    /// Decodes the TCP segment of <paramref name="frame"/>. Never throws, never reads past the span, never allocates;
    /// the segment's spans point into <paramref name="frame"/>.
    /// </summary>
    /// <param name="linkType">The frame's LINKTYPE_ value (a capture's link type, e.g. <c>CapturedFrame.LinkType</c> of Mptcp.Codec.Capture).</param>
    /// <param name="frame">The captured octets, from the link-layer header on.</param>
    /// <param name="segment">The segment, when the result is true.</param>
    /// <param name="status"><see cref="PacketDecodeStatus.Ok"/>, or why there is no segment.</param>
    public static bool TryDecodeTcp(int linkType, ReadOnlySpan<byte> frame, out TcpSegment segment, out PacketDecodeStatus status)
    {
        segment = default;
        status = FindTcp(linkType, frame, out ReadOnlySpan<byte> packet, out int version, out int ipLength, out int end);
        if (status != PacketDecodeStatus.Ok)
        {
            return false;
        }

        ReadOnlySpan<byte> tcp = packet[ipLength..Math.Min(packet.Length, end)];
        int tcpLength = end - ipLength;
        int headerLength = tcp.Length >= TcpFixedLength ? (tcp[12] >> 4) * 4 : TcpFixedLength;
        // A header the snap length cut inside its options is still a segment: what was captured of its options is
        // read, as tcpdump reads it (TcpSegment.IsHeaderCut). Only a cut fixed header is not.
        status = tcpLength < TcpFixedLength || headerLength < TcpFixedLength || headerLength > tcpLength ? PacketDecodeStatus.BadHeader
            : tcp.Length < TcpFixedLength ? PacketDecodeStatus.Truncated
            : PacketDecodeStatus.Ok;
        if (status != PacketDecodeStatus.Ok)
        {
            return false;
        }

        int captured = Math.Min(headerLength, tcp.Length);
        segment = new TcpSegment(version == 6, packet[..ipLength], tcp[..captured], tcp[captured..], tcpLength - headerLength, headerLength);
        return true;
    }

    /// <summary>
    /// Decodes the TCP segment of an IP packet with no link-layer header (IPv4 or IPv6 by its version nibble), such
    /// as <see cref="TcpPacketBuilder"/> writes and a TUN device carries: the inverse of the builder.
    /// </summary>
    public static bool TryDecodeIP(ReadOnlySpan<byte> packet, out TcpSegment segment, out PacketDecodeStatus status) =>
        TryDecodeTcp(LinkTypes.Raw, packet, out segment, out status);

    /// <summary>
    /// The cut TCP header of a frame that <see cref="TryDecodeTcp"/> calls <see cref="PacketDecodeStatus.Truncated"/>
    /// because the snap length ended inside the 20 fixed octets (its IP header whole, its lengths consistent).
    /// </summary>
    public static bool TryDecodeCutTcp(int linkType, ReadOnlySpan<byte> frame, out CutTcpHeader header)
    {
        header = default;
        if (FindTcp(linkType, frame, out ReadOnlySpan<byte> packet, out int version, out int ipLength, out int end) != PacketDecodeStatus.Ok
            || end - ipLength < TcpFixedLength)
        {
            return false;
        }

        ReadOnlySpan<byte> tcp = packet[ipLength..Math.Min(packet.Length, end)];
        if (tcp.Length >= TcpFixedLength)
        {
            return false;
        }

        header = new CutTcpHeader(version == 6, packet[..ipLength], tcp);
        return true;
    }

    // The innermost IP packet that carries TCP: its header's length and where its payload ends.
    private static PacketDecodeStatus FindTcp(int linkType, ReadOnlySpan<byte> frame, out ReadOnlySpan<byte> packet, out int version, out int ipLength, out int end)
    {
        ipLength = 0;
        end = 0;
        PacketDecodeStatus status = LinkLayer.FindPacket(linkType, frame, out packet, out version);

        // Tunnels (IP-in-IP, GRE, VXLAN, GTP-U) are unwrapped until TCP. Each layer consumes at least its own header,
        // so the loop ends within the frame's length.
        while (status == PacketDecodeStatus.Ok)
        {
            status = version == 4 ? IPv4Layer.Measure(packet, out ipLength, out end, out byte protocol) : IPv6Layer.Measure(packet, out ipLength, out end, out protocol);
            if (status != PacketDecodeStatus.Ok || protocol == TcpProtocol)
            {
                break;
            }

            status = Tunnels.FindInner(protocol, packet[ipLength..Math.Min(packet.Length, end)], out packet, out version);
        }

        return status;
    }
}
