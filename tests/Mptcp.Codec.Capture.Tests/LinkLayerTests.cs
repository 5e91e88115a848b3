using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// Link layers and tunnels (issue 16): the seed's packets (and one kernel IPv6 capture) wrapped by
/// make-format-samples.py in every link type and encapsulation the decoder reads. Each frame's TCP segment is the
/// original's, and agrees with what tshark decodes in the same file, field for field, the innermost IP header
/// giving the addresses.
/// </summary>
public sealed class LinkLayerTests
{
    private static readonly List<Frame> Seed = Samples.Read(Samples.Seed).Frames;
    private static readonly List<Frame> KernelIPv6 = Samples.Read(Samples.Format("ipv6-ethernet.pcap")).Frames;

    public static TheoryData<string, int> Wrapped() => new()
    {
        { "seed-echo-ppp.pcap", LinkTypes.Ppp },
        { "seed-echo-ppp-hdlc.pcap", LinkTypes.PppHdlc },
        { "seed-echo-chdlc.pcap", LinkTypes.CiscoHdlc },
        { "seed-echo-loop.pcap", LinkTypes.Loop },
        { "seed-echo-nflog.pcap", LinkTypes.Nflog },
        { "seed-echo-80211.pcap", LinkTypes.Ieee80211 },
        { "seed-echo-radiotap.pcap", LinkTypes.Ieee80211Radiotap },
        { "seed-echo-ppi.pcap", LinkTypes.Ppi },
        { "seed-echo-qinq.pcap", LinkTypes.Ethernet },
        { "seed-echo-mpls.pcap", LinkTypes.Ethernet },
        { "seed-echo-pppoe.pcap", LinkTypes.Ethernet },
        { "seed-echo-ipip.pcap", LinkTypes.IPv4 },
        { "seed-echo-4in6.pcap", LinkTypes.IPv6 },
        { "seed-echo-gre.pcap", LinkTypes.IPv4 },
        { "seed-echo-gre-eth.pcap", LinkTypes.IPv4 },
        { "seed-echo-pptp.pcap", LinkTypes.IPv4 },
        { "seed-echo-vxlan.pcap", LinkTypes.IPv4 },
        { "seed-echo-gtpu.pcap", LinkTypes.IPv4 },
        { "ipv6-in-ipv4.pcap", LinkTypes.IPv4 },
    };

    [Theory]
    [MemberData(nameof(Wrapped))]
    public void EachFrameHoldsTheOriginalSegment(string name, int linkType)
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format(name));
        List<Frame> originals = name.StartsWith("ipv6", StringComparison.Ordinal) ? KernelIPv6 : Seed;
        Assert.Empty(problems);
        Assert.Equal(originals.Count, frames.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            Assert.Equal((linkType, originals[i].TimestampNanoseconds), (frames[i].LinkType, frames[i].TimestampNanoseconds));
            TcpSegment want = originals[i].Tcp();
            TcpSegment got = frames[i].Tcp();
            Assert.Equal(want.IPHeader.ToArray(), got.IPHeader.ToArray()); // the innermost header, for tunnels
            Assert.Equal(want.TcpHeader.ToArray(), got.TcpHeader.ToArray());
            Assert.Equal(want.Payload.ToArray(), got.Payload.ToArray());
            Assert.Equal((want.PayloadLength, want.IsIPv6), (got.PayloadLength, got.IsIPv6));
        }
    }

    [Theory]
    [MemberData(nameof(Wrapped))]
    public void EveryFieldAgreesWithTshark(string name, int linkType)
    {
        string path = Samples.Format(name);
        List<Frame> frames = Samples.Read(path).Frames;
        List<string[][]> rows = TsharkFields.Read(path, "frame.number", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport",
            "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.len", "tcp.hdr_len", "tcp.options.mptcp.subtype");
        Assert.Equal(frames.Count, rows.Count);
        for (int i = 0; i < frames.Count; i++)
        {
            string[][] row = rows[i];
            TcpSegment tcp = frames[i].Tcp();
            Assert.Equal(frames[i].LinkType, linkType);
            Assert.Equal(frames[i].Number.ToString(CultureInfo.InvariantCulture), row[0].Single());

            // tshark lists each header's addresses outermost first: the segment's are the last of its family.
            string[] sources = tcp.IsIPv6 ? row[3] : row[1], destinations = tcp.IsIPv6 ? row[4] : row[2];
            Assert.Equal(sources[^1], tcp.Source.ToString());
            Assert.Equal(destinations[^1], tcp.Destination.ToString());
            string[] ours =
            [
                tcp.SourcePort.ToString(CultureInfo.InvariantCulture), tcp.DestinationPort.ToString(CultureInfo.InvariantCulture),
                tcp.SequenceNumber.ToString(CultureInfo.InvariantCulture), tcp.AcknowledgmentNumber.ToString(CultureInfo.InvariantCulture),
                tcp.PayloadLength.ToString(CultureInfo.InvariantCulture), tcp.TcpHeader.Length.ToString(CultureInfo.InvariantCulture),
            ];
            Assert.Equal(row[5..11].Select(f => f.Single()), ours);
            Assert.Equal(row[11], Subtypes(tcp));
        }
    }

    private static string[] Subtypes(TcpSegment tcp)
    {
        var subtypes = new List<string>();
        foreach (Tcp.TcpOption option in Tcp.TcpOptionWalker.MptcpOptions(tcp.Options))
        {
            subtypes.Add((option.Bytes[2] >> 4).ToString(CultureInfo.InvariantCulture));
        }

        return [.. subtypes];
    }
}
