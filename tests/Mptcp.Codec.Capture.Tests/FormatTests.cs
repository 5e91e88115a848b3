using System.Collections.Generic;
using System.Linq;
using System.Text;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// The seed capture and its copies in other formats (editcap's and make-format-samples.py's) read as tshark reads
/// them: the same 19 frames, numbers, timestamps and TCP segments.
/// </summary>
public sealed class FormatTests
{
    private static readonly List<Frame> SeedFrameList = Samples.Read(Samples.Seed).Frames;

    [Fact]
    public void SeedFramesAreTsharks()
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Seed);
        Assert.Empty(problems);
        Assert.Equal(SeedFrames.Count, frames.Count);
        long offset = 24;
        for (int i = 0; i < frames.Count; i++)
        {
            Frame frame = frames[i];
            var row = SeedFrames.Rows[i];
            Assert.Equal((i + 1, SeedFrames.Timestamp(i + 1), LinkTypes.IPv4, 0, row.Length, row.Length, offset),
                (frame.Number, frame.TimestampNanoseconds, frame.LinkType, frame.InterfaceId, (int)frame.OriginalLength, frame.Data.Length, frame.FileOffset));
            offset += 16 + row.Length;

            TcpSegment tcp = frame.Tcp();
            Assert.False(tcp.IsIPv6);
            Assert.Equal(MptcpAddress.FromIPv4(row.Source), tcp.Source);
            Assert.Equal(MptcpAddress.FromIPv4(row.Destination), tcp.Destination);
            Assert.Equal((row.SourcePort, row.DestinationPort, row.Sequence, row.Ack, row.Flags, row.Window),
                (tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.AcknowledgmentNumber, tcp.Flags, tcp.Window));
            Assert.Equal((row.TcpHeaderLength, row.PayloadLength, row.PayloadLength), (tcp.TcpHeader.Length, tcp.Payload.Length, tcp.PayloadLength));
            Assert.Equal((row.Flags & 0x02) != 0, tcp.Syn);
            Assert.Equal((row.Flags & 0x10) != 0, tcp.Ack);
            Assert.Equal((row.Flags & 0x01) != 0, tcp.Fin);
            Assert.Equal((row.Flags & 0x04) != 0, tcp.Rst);
            Assert.Equal((row.Flags & 0x08) != 0, tcp.Psh);
            Assert.Equal(row.TcpHeaderLength - 20, tcp.Options.Length);
        }

        Assert.Equal((ushort)37746, frames[0].Tcp().SourcePort);
        Assert.Equal(3198590955u, frames[0].Tcp().SequenceNumber);
        Assert.Equal("hello", Encoding.ASCII.GetString(frames[5].Tcp().Payload));
        Assert.Equal("hello", Encoding.ASCII.GetString(frames[7].Tcp().Payload));
    }

    [Theory]
    [InlineData("seed-echo.pcapng", LinkTypes.IPv4)]
    [InlineData("seed-echo-nsec.pcap", LinkTypes.IPv4)]
    [InlineData("seed-echo-vlan.pcap", LinkTypes.Ethernet)]
    [InlineData("seed-echo-sll.pcap", LinkTypes.LinuxSll)]
    [InlineData("seed-echo-sll2.pcap", LinkTypes.LinuxSll2)]
    [InlineData("seed-echo-null.pcap", LinkTypes.Null)]
    [InlineData("seed-echo-raw.pcap", LinkTypes.Raw)]
    [InlineData("seed-echo-bigendian.pcap", LinkTypes.Null)]
    [InlineData("seed-echo-ipv4-options.pcap", LinkTypes.IPv4)]
    public void EveryCopyHasTheSeedsFramesAndSegments(string name, int linkType)
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format(name));
        Assert.Empty(problems);
        Assert.Equal(SeedFrames.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal((i + 1L, SeedFrames.Timestamp(i + 1), linkType, 0), (frames[i].Number, frames[i].TimestampNanoseconds, frames[i].LinkType, frames[i].InterfaceId));
            AssertSameSegment(SeedFrameList[i], frames[i], sameIPHeader: name != "seed-echo-ipv4-options.pcap");
        }
    }

    [Fact]
    public void TwoInterfacesWithTheirLinkTypesResolutionsAndASimplePacketBlock()
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("seed-echo-two-interfaces.pcapng"));
        Assert.Empty(problems);

        // libpcap stops at the second interface ("an interface has a type 1 different from the type of the first
        // interface"); this reader reads on and warns once, at that interface's block (after the 28-octet SHB and the
        // 20-octet first IDB).
        using (var reader = CaptureReader.Open(Samples.Format("seed-echo-two-interfaces.pcapng")))
        {
            while (reader.TryReadNext(out _))
            {
            }

            Assert.Equal([new CaptureProblem(48, CaptureProblemKind.SeveralLinkTypes, 1, LinkTypes.Ethernet)], reader.Problems);
            Assert.True(reader.Problems[0].IsWarning);
        }
        Assert.Equal(SeedFrames.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            long number = i + 1;
            (int iface, int linkType, long timestamp) = number == 10 ? (0, LinkTypes.IPv4, 0L)     // the Simple Packet Block: no timestamp
                : number % 2 == 1 ? (0, LinkTypes.IPv4, SeedFrames.Timestamp(number))            // µs, the default resolution
                : (1, LinkTypes.Ethernet, SeedFrames.Timestamp(number) + 123);                   // if_tsresol 9: ns, and +123 ns
            Assert.Equal((number, iface, linkType, timestamp), (frames[i].Number, frames[i].InterfaceId, frames[i].LinkType, frames[i].TimestampNanoseconds));
            AssertSameSegment(SeedFrameList[i], frames[i], sameIPHeader: true);
        }
    }

    [Fact]
    public void TwoSectionsOfEitherByteOrderWithBinaryResolutionAndOffset()
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("seed-echo-two-sections.pcapng"));
        Assert.Empty(problems);

        // tshark numbers the custom block of section 2 as frame 10 (it carries no packet), so the seed's frame n is frame n + 1 from there on.
        Assert.Equal(Enumerable.Range(1, 9).Concat(Enumerable.Range(11, 10)).Select(n => (long)n), frames.Select(f => f.Number));
        for (int i = 0; i < frames.Count; i++)
        {
            int seedNumber = i + 1;
            (int linkType, long timestamp) = seedNumber < 10
                ? (LinkTypes.Raw, SeedFrames.Timestamp(seedNumber))
                : (LinkTypes.IPv4, SeedFrames.StartNanoseconds + ((seedNumber - 10) * 7_812_500L)); // 8 ticks of 2^-10 s each, plus if_tsoffset
            Assert.Equal((linkType, timestamp, 0), (frames[i].LinkType, frames[i].TimestampNanoseconds, frames[i].InterfaceId));
            AssertSameSegment(SeedFrameList[i], frames[i], sameIPHeader: true);
        }
    }

    [Fact]
    public void SnapLengthCutsThePayloadButNotItsLength()
    {
        List<Frame> frames = Samples.Read(Samples.Format("seed-echo-snap74.pcap")).Frames;
        Assert.Equal(SeedFrames.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Frame frame = frames[i];
            int length = SeedFrames.Rows[i].Length;
            Assert.Equal((length, System.Math.Min(length, 74)), ((int)frame.OriginalLength, frame.Data.Length));
            Assert.True(PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment tcp, out _));
            Assert.Equal((SeedFrames.Rows[i].PayloadLength, SeedFrames.Rows[i].TcpHeaderLength), (tcp.PayloadLength, tcp.HeaderLength));
            if (20 + SeedFrames.Rows[i].TcpHeaderLength > 74)
            {
                // Frame 3, an 80-octet header-only packet: its header is read as far as the 74 octets go.
                Assert.Equal((true, 54, 0), (tcp.IsHeaderCut, tcp.TcpHeader.Length, tcp.Payload.Length));
            }
            else
            {
                Assert.False(tcp.IsHeaderCut);
                Assert.Equal(frame.Data.Length - 20 - SeedFrames.Rows[i].TcpHeaderLength, tcp.Payload.Length);
            }
        }

        Assert.Equal("he", Encoding.ASCII.GetString(frames[5].Tcp().Payload));
        Assert.Equal(5, frames[5].Tcp().PayloadLength);
    }

    private static void AssertSameSegment(Frame expected, Frame actual, bool sameIPHeader)
    {
        TcpSegment want = expected.Tcp();
        TcpSegment got = actual.Tcp();
        Assert.Equal(want.TcpHeader.ToArray(), got.TcpHeader.ToArray());
        Assert.Equal(want.Payload.ToArray(), got.Payload.ToArray());
        Assert.Equal((want.PayloadLength, want.Source, want.Destination, want.IsIPv6), (got.PayloadLength, got.Source, got.Destination, got.IsIPv6));
        if (sameIPHeader)
        {
            Assert.Equal(want.IPHeader.ToArray(), got.IPHeader.ToArray());
        }
    }
}
