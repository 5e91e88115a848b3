using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>IPv6 over Ethernet from real kernel traffic, and the same packets with extension headers inserted.</summary>
public sealed class IPv6Tests
{
    private static readonly MptcpAddress Loopback = MptcpAddress.FromIPv6(1);

    [Fact]
    public void KernelCaptureDecodesWithTsharksPorts()
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("ipv6-ethernet.pcap"));
        Assert.Empty(problems);
        Assert.Equal(45, frames.Count);
        Assert.All(frames, f => Assert.Equal(LinkTypes.Ethernet, f.LinkType));

        // tshark -T fields -e tcp.srcport -e tcp.dstport -e tcp.seq_raw -e tcp.len, frames 1, 10, 16 and 20.
        AssertSegment(frames[0].Tcp(), 60200, 10000, 2157994099, 0);
        AssertSegment(frames[9].Tcp(), 36771, 10098, 3670691278, 0);
        AssertSegment(frames[15].Tcp(), 55183, 10098, 1295913963, 0);
        AssertSegment(frames[19].Tcp(), 60200, 10000, 2157994119, 19);
        Assert.Equal("hello from client 2", Encoding.ASCII.GetString(frames[19].Tcp().Payload));
        Assert.Equal(1795618860_591072000L, frames[0].TimestampNanoseconds);
        Assert.All(frames, f => Assert.Equal(40, f.Tcp().IPHeader.Length));
    }

    [Fact]
    public void ExtensionHeaderChainsAreWalkedToTcp()
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("ipv6-extension-headers.pcap"));
        Assert.Empty(problems);
        Assert.Equal(7, frames.Count);
        List<Frame> kernel = Samples.Read(Samples.Format("ipv6-ethernet.pcap")).Frames;

        // make-format-samples.py: hop-by-hop 8, destination options 8, routing 8, fragment 8, AH 24, and all six chained.
        int[] chainLengths = [8, 8, 8, 8, 24, 8 + 8 + 8 + 8 + 24 + 8];
        for (int i = 0; i < chainLengths.Length; i++)
        {
            TcpSegment tcp = frames[i].Tcp();
            TcpSegment original = kernel[i].Tcp();
            Assert.Equal(40 + chainLengths[i], tcp.IPHeader.Length);
            Assert.Equal(original.TcpHeader.ToArray(), tcp.TcpHeader.ToArray());
            Assert.Equal(original.Payload.ToArray(), tcp.Payload.ToArray());
            Assert.Equal(original.PayloadLength, tcp.PayloadLength);
        }

        // tshark: frames 1 to 6 are 60200>10000 seq 2157994099, 10000>60200 3186184897, 60200>10000 2157994100 (twice, the second with 19 octets)…
        AssertSegment(frames[0].Tcp(), 60200, 10000, 2157994099, 0);
        AssertSegment(frames[3].Tcp(), 60200, 10000, 2157994100, 19);
        AssertSegment(frames[5].Tcp(), 10000, 60200, 3186184898, 19);

        Assert.False(PacketDecoder.TryDecodeTcp(frames[6].LinkType, frames[6].Data, out _, out PacketDecodeStatus status));
        Assert.Equal(PacketDecodeStatus.NonFirstFragment, status);
    }

    [Fact]
    public void MobilityHeaderIsWalkedAndUnknownNextHeadersAreNotTcp()
    {
        byte[] frame = Samples.Read(Samples.Format("ipv6-ethernet.pcap")).Frames[0].Data;
        byte[] withMobility = [.. frame[..54], 6, 0, 0, 0, 0, 0, 0, 0, .. frame[54..]];
        withMobility[14 + 6] = 135;
        withMobility[14 + 5] += 8;
        Assert.True(PacketDecoder.TryDecodeTcp(LinkTypes.Ethernet, withMobility, out TcpSegment tcp, out _));
        AssertSegment(tcp, 60200, 10000, 2157994099, 0);

        withMobility[14 + 6] = 59; // no next header
        Assert.False(PacketDecoder.TryDecodeTcp(LinkTypes.Ethernet, withMobility, out _, out PacketDecodeStatus status));
        Assert.Equal(PacketDecodeStatus.NotTcp, status);
    }

    [Theory]
    [InlineData(4)]   // the payload length ends inside the hop-by-hop header
    [InlineData(12)]  // it ends inside the TCP header
    public void PayloadLengthShorterThanTheHeadersIsBad(int payloadLength)
    {
        byte[] frame = Samples.Read(Samples.Format("ipv6-extension-headers.pcap")).Frames[0].Data;
        frame[14 + 4] = 0;
        frame[14 + 5] = (byte)payloadLength;
        Assert.False(PacketDecoder.TryDecodeTcp(LinkTypes.Ethernet, frame, out _, out PacketDecodeStatus status));
        Assert.Equal(PacketDecodeStatus.BadHeader, status);
    }

    [Fact]
    public void EveryCutOfAnExtensionChainIsTruncated()
    {
        byte[] frame = Samples.Read(Samples.Format("ipv6-extension-headers.pcap")).Frames[5].Data;
        int headers = 14 + 104 + 48; // Ethernet, IPv6 with its 64-octet chain, TCP with options (tshark: 48)
        foreach (int cut in Enumerable.Range(14, headers - 14))
        {
            bool decoded = PacketDecoder.TryDecodeTcp(LinkTypes.Ethernet, frame.AsSpan(0, cut), out TcpSegment tcp, out PacketDecodeStatus status);
            if (cut < 14 + 104 + 20)
            {
                Assert.Equal((false, PacketDecodeStatus.Truncated), (decoded, status));
            }
            else
            {
                // A cut inside the TCP options: the header is read as far as it goes.
                Assert.Equal((true, true, cut - 14 - 104, 48), (decoded, tcp.IsHeaderCut, tcp.TcpHeader.Length, tcp.HeaderLength));
            }
        }
    }

    private static void AssertSegment(TcpSegment tcp, ushort sourcePort, ushort destinationPort, uint sequence, int payloadLength)
    {
        Assert.True(tcp.IsIPv6);
        Assert.Equal((Loopback, Loopback), (tcp.Source, tcp.Destination));
        Assert.Equal((sourcePort, destinationPort, sequence, payloadLength), (tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.PayloadLength));
    }
}
