using System;
using System.Collections.Generic;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// Every IPv4 header checksum and every TCP checksum (over the pseudo-header) of the seed capture is right: the
/// sample's bytes are the seed's, and the decoder hands out exactly the headers and payload the checksums cover.
/// </summary>
public sealed class ChecksumTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("seed-echo-ipv4-options.pcap")]
    [InlineData("seed-echo-vlan.pcap")]
    public void EveryChecksumIsRight(string? name)
    {
        List<Frame> frames = Samples.Read(name is null ? Samples.Seed : Samples.Format(name)).Frames;
        Assert.Equal(SeedFrames.Count, frames.Count);
        Span<byte> pseudo = stackalloc byte[12];
        foreach (Frame frame in frames)
        {
            TcpSegment tcp = frame.Tcp();
            Assert.Equal(0xFFFF, InternetChecksum.Fold(InternetChecksum.Add(0, tcp.IPHeader)));

            tcp.IPHeader.Slice(12, 8).CopyTo(pseudo);
            pseudo[9] = 6;
            pseudo[10] = (byte)((tcp.TcpHeader.Length + tcp.PayloadLength) >> 8);
            pseudo[11] = (byte)(tcp.TcpHeader.Length + tcp.PayloadLength);
            uint sum = InternetChecksum.Add(InternetChecksum.Add(InternetChecksum.Add(0, pseudo), tcp.TcpHeader), tcp.Payload);
            Assert.Equal(0xFFFF, InternetChecksum.Fold(sum));
        }
    }
}
