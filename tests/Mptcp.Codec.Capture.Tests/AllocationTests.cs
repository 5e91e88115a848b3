using System;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// Reading (and decoding) allocates nothing per packet: a capture of ten times the packets costs exactly the bytes
/// of one, which are the reader's own objects (its 1 MiB chunk buffer above all). Each is measured three times after
/// a warm-up read and the least kept: the runtime's own first-use costs come and go, a per-packet cost would not.
/// </summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData("seed-echo.pcapng")]
    [InlineData("seed-echo-nsec.pcap")]
    [InlineData("seed-echo-vlan.pcap")]
    [InlineData("seed-echo-bigendian.pcap")]
    [InlineData("seed-echo-two-interfaces.pcapng")]
    [InlineData("seed-echo-two-sections.pcapng")]
    [InlineData("ipv6-extension-headers.pcap")]
    public void TenTimesThePacketsAllocateNoMore(string name)
    {
        byte[] once = File.ReadAllBytes(Samples.Format(name));
        byte[] tenTimes = TenTimes(once);
        Allocated(tenTimes, out _);

        long onceBytes = Allocated(once, out int onceFrames);
        long tenTimesBytes = Allocated(tenTimes, out int tenTimesFrames);

        Assert.Equal(10 * onceFrames, tenTimesFrames);
        Assert.Equal(onceBytes, tenTimesBytes);
        Assert.InRange(onceBytes, 1 << 20, (1 << 20) + 2048);
    }

    /// <summary>pcapng: ten sections; classic pcap: one file header and the records ten times.</summary>
    private static byte[] TenTimes(byte[] capture)
    {
        bool pcapng = capture[0] == 0x0A;
        byte[] records = pcapng ? capture : capture[24..];
        return [.. pcapng ? [] : capture[..24], .. Enumerable.Repeat(records, 10).SelectMany(r => r)];
    }

    /// <summary>The least bytes allocated by reading and decoding the whole capture, of three reads.</summary>
    private static long Allocated(byte[] capture, out int frames)
    {
        long least = long.MaxValue;
        frames = 0;
        for (int run = 0; run < 3; run++)
        {
            using var stream = new ForwardOnlyStream(capture);
            long before = GC.GetAllocatedBytesForCurrentThread();
            (frames, int problems) = ReadAll(stream);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(0, problems);
        }

        return least;
    }

    private static (int Frames, int Problems) ReadAll(Stream stream)
    {
        int frames = 0;
        using var reader = new CaptureReader(stream, leaveOpen: true);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment tcp, out _))
            {
                _ = (tcp.Source, tcp.SequenceNumber, tcp.Payload.Length);
            }

            frames++;
        }

        return (frames, reader.Problems.Count(p => !p.IsWarning));
    }
}
