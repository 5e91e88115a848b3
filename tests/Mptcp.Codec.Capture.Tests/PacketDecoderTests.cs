using System;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>Link layers and IPv4 headers around the seed's first packet (a 72-octet IPv4 SYN, 20-octet header).</summary>
public sealed class PacketDecoderTests
{
    private static readonly byte[] Syn = Samples.Read(Samples.Seed).Frames[0].Data;

    [Theory]
    [InlineData(LinkTypes.Null, "02000000")]           // AF_INET, little-endian host
    [InlineData(LinkTypes.Null, "00000002")]           // AF_INET, big-endian host
    [InlineData(LinkTypes.Loop, "00000002")]
    [InlineData(LinkTypes.Raw, "")]
    [InlineData(LinkTypes.RawBsd, "")]
    [InlineData(LinkTypes.IPv4, "")]
    [InlineData(LinkTypes.Ethernet, "020000000002 020000000001 0800")]
    [InlineData(LinkTypes.Ethernet, "020000000002 020000000001 88a8 0064 8100 00c8 9100 012c 0800")] // 802.1ad, 802.1Q, QinQ
    [InlineData(LinkTypes.LinuxSll, "0004 0001 0006 020000000001 0000 0800")]
    [InlineData(LinkTypes.LinuxSll2, "0800 0000 00000002 0001 04 06 020000000001 0000")]
    public void EveryLinkLayerLeadsToTheSameSegment(int linkType, string header)
    {
        Assert.True(PacketDecoder.TryDecodeTcp(linkType, [.. Bytes(header), .. Syn], out TcpSegment tcp, out PacketDecodeStatus status));
        Assert.Equal(PacketDecodeStatus.Ok, status);
        Assert.Equal((SeedFrames.Rows[0].SourcePort, SeedFrames.Rows[0].Sequence, 52, 20), (tcp.SourcePort, tcp.SequenceNumber, tcp.TcpHeader.Length, tcp.IPHeader.Length));
    }

    [Theory]
    [InlineData(LinkTypes.Null, "18000000")]  // AF_INET6 on NetBSD and OpenBSD
    [InlineData(LinkTypes.Null, "0000001c")]  // FreeBSD, big-endian host
    [InlineData(LinkTypes.Null, "1e000000")]  // macOS
    [InlineData(LinkTypes.Loop, "00000018")]
    [InlineData(LinkTypes.IPv6, "")]
    [InlineData(LinkTypes.Raw, "")]
    [InlineData(LinkTypes.LinuxSll, "0000 0304 0000 0000000000000000 86dd")]
    public void IPv6FamiliesAndProtocolsAreRecognised(int linkType, string header)
    {
        byte[] ethernet = Samples.Read(Samples.Format("ipv6-ethernet.pcap")).Frames[0].Data;
        Assert.True(PacketDecoder.TryDecodeTcp(linkType, [.. Bytes(header), .. ethernet[14..]], out TcpSegment tcp, out _));
        Assert.True(tcp.IsIPv6);
        Assert.Equal((ushort)60200, tcp.SourcePort);
    }

    [Theory]
    [InlineData(LinkTypes.Null, "17000000", PacketDecodeStatus.NotIP)]                              // AF 23
    [InlineData(LinkTypes.Ethernet, "020000000002 020000000001 0806", PacketDecodeStatus.NotIP)]    // ARP
    [InlineData(LinkTypes.Ethernet, "020000000002 020000000001 8100 0064", PacketDecodeStatus.Truncated)]
    [InlineData(LinkTypes.LinuxSll, "0000 0001 0006 020000000001", PacketDecodeStatus.Truncated)]
    [InlineData(147, "", PacketDecodeStatus.UnsupportedLinkType)]
    public void OtherLinkLayerContentsAreTold(int linkType, string header, PacketDecodeStatus expected)
    {
        byte[] frame = expected == PacketDecodeStatus.Truncated ? Bytes(header) : [.. Bytes(header), .. Syn];
        Assert.False(PacketDecoder.TryDecodeTcp(linkType, frame, out _, out PacketDecodeStatus status));
        Assert.Equal(expected, status);
    }

    [Theory]
    [InlineData(6, 0x00, 0x01, PacketDecodeStatus.NonFirstFragment)]  // fragment offset 1 (8 octets)
    [InlineData(6, 0x20, 0x00, PacketDecodeStatus.Ok)]                // more fragments, offset 0: the first fragment
    [InlineData(9, 17, null, PacketDecodeStatus.NotTcp)]              // UDP
    [InlineData(0, 0x55, null, PacketDecodeStatus.BadHeader)]         // version 5
    [InlineData(0, 0x44, null, PacketDecodeStatus.BadHeader)]         // IHL 4
    [InlineData(3, 19, null, PacketDecodeStatus.BadHeader)]           // total length 19, below the header
    [InlineData(3, 39, null, PacketDecodeStatus.BadHeader)]           // total length 39: 19 octets of TCP
    [InlineData(3, 60, null, PacketDecodeStatus.BadHeader)]           // total length 60: the 52-octet TCP header does not fit
    [InlineData(32, 0x40, null, PacketDecodeStatus.BadHeader)]        // TCP data offset 4
    [InlineData(32, 0xF0, null, PacketDecodeStatus.BadHeader)]        // TCP data offset 15: 60 octets, past the segment
    public void IPv4AndTcpHeaderFields(int offset, int value, int? next, PacketDecodeStatus expected)
    {
        byte[] packet = (byte[])Syn.Clone();
        packet[offset] = (byte)value;
        if (next is int following)
        {
            packet[offset + 1] = (byte)following;
        }

        Assert.Equal(expected == PacketDecodeStatus.Ok, PacketDecoder.TryDecodeTcp(LinkTypes.IPv4, packet, out _, out PacketDecodeStatus status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public void IPv4OptionsAreSkippedAndTotalLengthZeroMeansTheCapturedLength()
    {
        byte[] withOption = Samples.Read(Samples.Format("seed-echo-ipv4-options.pcap")).Frames[0].Data;
        Assert.True(PacketDecoder.TryDecodeTcp(LinkTypes.IPv4, withOption, out TcpSegment tcp, out _));
        Assert.Equal((24, 52), (tcp.IPHeader.Length, tcp.TcpHeader.Length));

        byte[] segmentedInHardware = (byte[])Syn.Clone();
        segmentedInHardware[2] = segmentedInHardware[3] = 0;
        byte[] withData = [.. segmentedInHardware, .. "data"u8];
        Assert.True(PacketDecoder.TryDecodeTcp(LinkTypes.IPv4, withData, out tcp, out _));
        Assert.Equal("data"u8.ToArray(), tcp.Payload.ToArray());
    }

    [Fact]
    public void EthernetPaddingIsNotPayload()
    {
        // Frame 11 of the seed is a 40-octet RST; in the VLAN copy it is padded to the 60-octet Ethernet minimum.
        Frame padded = Samples.Read(Samples.Format("seed-echo-vlan.pcap")).Frames[10];
        Assert.Equal(60, padded.Data.Length);
        TcpSegment tcp = padded.Tcp();
        Assert.True(tcp.Rst);
        Assert.Equal((0, 0), (tcp.Payload.Length, tcp.PayloadLength));
    }

    [Fact]
    public void EveryCutOfTheSynIsTruncatedOrReadAsFarAsItGoes()
    {
        // The seed's SYN: a 20-octet IPv4 header, then a TCP header of (data offset) octets and no payload.
        int header = (Syn[20 + 12] >> 4) * 4;
        Assert.Equal(Syn.Length, 20 + header);
        for (int cut = 0; cut < Syn.Length; cut++)
        {
            bool decoded = PacketDecoder.TryDecodeTcp(LinkTypes.IPv4, Syn.AsSpan(0, cut), out TcpSegment tcp, out PacketDecodeStatus status);
            if (cut < 20 + 20)
            {
                Assert.Equal((false, PacketDecodeStatus.Truncated), (decoded, status)); // the IP header or TCP's fixed octets cut
            }
            else
            {
                Assert.Equal((true, true, cut - 20, header, 0), (decoded, tcp.IsHeaderCut, tcp.TcpHeader.Length, tcp.HeaderLength, tcp.PayloadLength));
            }
        }
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));
}
