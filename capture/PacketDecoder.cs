using System;

namespace Mptcp.Codec.Capture;

/// <summary>Finds the TCP segment of a captured frame: link layer, IPv4 or IPv6 (with extension headers), tunnels, TCP.</summary>
public static class PacketDecoder
{
    /// <summary>The protocol number of TCP, in IPv4's protocol field and IPv6's next header.</summary>
    internal const byte TcpProtocol = 6;

    private const int TcpFixedLength = 20;

    /// <summary>Whether <paramref name="linkType"/> is one of <see cref="LinkTypes"/>.</summary>
    public static bool IsSupportedLinkType(int linkType) => LinkLayer.IsSupported(linkType);

    /// <summary>
    /// Decodes the TCP segment of <paramref name="frame"/>. Never throws, never reads past the span, never allocates;
    /// the segment's spans point into <paramref name="frame"/>.
    /// </summary>
    /// <param name="linkType">The frame's LINKTYPE_ value (<see cref="CapturedFrame.LinkType"/>).</param>
    /// <param name="frame">The captured octets, from the link-layer header on.</param>
    /// <param name="segment">The segment, when the result is true.</param>
    /// <param name="status"><see cref="PacketDecodeStatus.Ok"/>, or why there is no segment.</param>
    public static bool TryDecodeTcp(int linkType, ReadOnlySpan<byte> frame, out TcpSegment segment, out PacketDecodeStatus status)
    {
        segment = default;
        int ipLength = 0;
        int end = 0;
        status = LinkLayer.FindPacket(linkType, frame, out ReadOnlySpan<byte> packet, out int version);

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

        if (status != PacketDecodeStatus.Ok)
        {
            return false;
        }

        ReadOnlySpan<byte> tcp = packet[ipLength..Math.Min(packet.Length, end)];
        int tcpLength = end - ipLength;
        int headerLength = tcp.Length >= TcpFixedLength ? (tcp[12] >> 4) * 4 : TcpFixedLength;
        status = tcpLength < TcpFixedLength || headerLength < TcpFixedLength || headerLength > tcpLength ? PacketDecodeStatus.BadHeader
            : headerLength > tcp.Length ? PacketDecodeStatus.Truncated
            : PacketDecodeStatus.Ok;
        if (status != PacketDecodeStatus.Ok)
        {
            return false;
        }

        segment = new TcpSegment(version == 6, packet[..ipLength], tcp[..headerLength], tcp[headerLength..], tcpLength - headerLength);
        return true;
    }
}
