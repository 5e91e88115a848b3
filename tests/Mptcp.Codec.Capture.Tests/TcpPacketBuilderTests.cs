using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// The packet builder makes real kernels' packets octet for octet: every frame of the seed capture (IPv4, Linux
/// 4.19) and of the IPv6 kernel capture, rebuilt from its decoded fields with the builder's typed options (MSS,
/// SACK-permitted, SACK, timestamps, window scale, NOP, and each MPTCP option read into the SDK's union), comes out
/// as the captured octets, IP and TCP checksums included. The decoder reads back what the builder wrote.
/// </summary>
public sealed class TcpPacketBuilderTests
{
    [Theory]
    [InlineData("seed-echo.pcap", 19)]
    [InlineData("v1-ipv6.pcap", 0)]
    [InlineData("v1-csum-ipv4.pcap", 0)]
    public void Every_captured_packet_is_rebuilt_octet_for_octet(string name, int expectedFrames)
    {
        List<Frame> frames = Samples.Read(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Samples.Seed)!, name)).Frames;
        Assert.True(expectedFrames == 0 ? frames.Count > 10 : frames.Count == expectedFrames, $"{frames.Count} frames");
        var buffer = new byte[65535];
        int rebuilt = 0, offloaded = 0;
        foreach (Frame frame in frames)
        {
            TcpSegment tcp = frame.Tcp();
            if (tcp.Payload.Length != tcp.PayloadLength || tcp.IPHeader.Length != (tcp.IsIPv6 ? 40 : 20))
            {
                continue; // a payload the snap length cut, or IP options: not this test's to rebuild
            }

            TcpPacketBuilder builder = FieldsOf(tcp);
            foreach (TcpOption option in new TcpOptionWalker(tcp.Options))
            {
                Add(ref builder, option);
            }

            Assert.True(builder.TryWrite(tcp.Payload, buffer, out int written));
            int start = frame.Data.Length - (tcp.IPHeader.Length + tcp.TcpHeader.Length + tcp.Payload.Length);
            byte[] captured = frame.Data.AsSpan(start).ToArray();
            if (!ChecksumHolds(captured, tcp.IPHeader.Length))
            {
                // Captured on the sending host, where the NIC (here veth) was to finish the checksum: Linux hands
                // the capture a partial one. The builder's must hold; the rest must be the kernel's octets.
                Assert.True(ChecksumHolds(buffer.AsSpan(0, written), tcp.IPHeader.Length));
                buffer.AsSpan(tcp.IPHeader.Length + 16, 2).CopyTo(captured.AsSpan(tcp.IPHeader.Length + 16));
                offloaded++;
            }

            Assert.Equal(Convert.ToHexString(captured), Convert.ToHexString(buffer, 0, written));
            rebuilt++;
        }

        Assert.True(rebuilt > 10, $"{rebuilt} rebuilt");
        Assert.True(name != "seed-echo.pcap" || offloaded == 0, "the seed's packets crossed a wire: every checksum is whole");
    }

    // The TCP checksum over the pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1) and the segment folds to all ones.
    private static bool ChecksumHolds(ReadOnlySpan<byte> packet, int ipLength)
    {
        int length = packet.Length - ipLength;
        ReadOnlySpan<byte> rest = [0, 6, (byte)(length >> 8), (byte)length];
        uint sum = InternetChecksum.Add(0, ipLength == 40 ? packet[8..40] : packet[12..20]);
        sum = InternetChecksum.Add(InternetChecksum.Add(sum, rest), packet[ipLength..]);
        return InternetChecksum.Fold(sum) == 0xFFFF;
    }

    [Fact]
    public void The_decoder_reads_back_what_the_builder_wrote_over_IPv6()
    {
        // RFC 3849's documentation prefix; a DSS mapping with its checksum over the payload (RFC 8684 §3.3).
        MptcpAddress source = MptcpAddress.From(System.Net.IPAddress.Parse("2001:db8::1"));
        MptcpAddress destination = MptcpAddress.From(System.Net.IPAddress.Parse("2001:db8::2"));
        byte[] payload = "hello"u8.ToArray();
        var builder = new TcpPacketBuilder(source, 40000, destination, 80)
        {
            SequenceNumber = 1001,
            AcknowledgmentNumber = 2002,
            Flags = TcpFlags.Ack | TcpFlags.Psh,
            Window = 502,
            HopLimit = 7,
            TrafficClass = 0x28,
            FlowLabel = 0xABCDE,
        };
        builder.AddNop();
        builder.AddNop();
        builder.AddTimestamps(123456, 654321);
        var dss = new DssOption { MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = 77, SubflowSequenceNumber = 1, DataLevelLength = 5 };
        builder.AddOption(dss.WithChecksum(payload));
        var written = new ArrayBufferWriter<byte>();
        Assert.Equal(40 + 20 + 12 + 20 + 5, builder.Write(payload, written));

        Assert.True(PacketDecoder.TryDecodeIP(written.WrittenSpan, out TcpSegment segment, out PacketDecodeStatus status), status.ToString());
        Assert.Equal((source, destination, (ushort)40000, (ushort)80, 1001u, 2002u, (byte)0x18, (ushort)502), (segment.Source, segment.Destination, segment.SourcePort, segment.DestinationPort, segment.SequenceNumber, segment.AcknowledgmentNumber, segment.Flags, segment.Window));
        Assert.Equal("hello"u8.ToArray(), segment.Payload.ToArray());
        Assert.Equal(0x628ABCDEu, BinaryPrimitives.ReadUInt32BigEndian(segment.IPHeader)); // version 6, class 0x28, label
        Assert.Equal(7, segment.IPHeader[7]);
        TcpOptionWalker mptcp = TcpOptionWalker.MptcpOptions(segment.Options);
        Assert.True(mptcp.MoveNext());
        Assert.True(MptcpOption.TryRead(mptcp.Current.Bytes, out MptcpOption read, out _));
        Assert.True(read.TryGet(out DssOption back) && back.VerifyChecksum(segment.Payload));
    }

    [Fact]
    public void A_destination_too_small_writes_nothing_and_says_false()
    {
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(0xC0000201), 1, MptcpAddress.FromIPv4(0xC0000202), 2);
        builder.AddMaximumSegmentSize(1460);
        Assert.Equal(20 + 24, builder.GetPacketLength(0));
        byte[] destination = new byte[43];
        Array.Fill(destination, (byte)0xEE);
        Assert.False(builder.TryWrite([], destination, out int written));
        Assert.Equal(0, written);
        Assert.All(destination, b => Assert.Equal(0xEE, b));
    }

    [Fact]
    public void Options_past_the_40_octets_are_refused_with_what_is_left()
    {
        // RFC 8684 §3.4.1: an IPv6 ADD_ADDR with a port and its HMAC is 30 octets; a DSS with a 64-bit DATA_ACK is 12.
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(1), 1, MptcpAddress.FromIPv4(2), 2);
        builder.AddOption(new AddAddressOption { AddressId = 1, Address = MptcpAddress.FromIPv6(((UInt128)0xFD09_0000_0000_0000UL << 64) | 3), HasPort = true, Port = 9000, HasHmac = true, Hmac = 1 });
        Assert.Equal(10, builder.RemainingOptionSpace);
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => builder.AddOption(new DssOption { DataAckPresent = true, DataAckIs8Octets = true, DataAck = 1 }));
        Assert.Equal("dss takes 12 octets, and 10 of the 40 octets of TCP options are left", e.Message);
        Assert.Equal(30, builder.OptionsLength); // nothing of the refused option was kept
    }

    [Fact]
    public void An_invalid_option_is_refused_with_the_member_to_blame()
    {
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(1), 1, MptcpAddress.FromIPv4(2), 2);
        // RFC 8684 §3.4.2: REMOVE_ADDR lists at least one address id.
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => builder.AddOption(new RemoveAddressOption()));
        Assert.StartsWith("cannot encode rem-addr: BadLength (AddressIds)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TcpPacketBuilder(MptcpAddress.FromIPv4(1), 1, MptcpAddress.FromIPv6(1), 2));
        Assert.Throws<ArgumentException>(() => builder.AddSack([]));
    }

    [Fact]
    public void Building_allocates_nothing()
    {
        byte[] buffer = new byte[128];
        var capable = new MpCapableOption { Version = 1, ChecksumRequired = true, HmacSha = true }; // a v1 SYN's (RFC 8684 §3.1)
        Build(buffer, capable);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            Build(buffer, capable);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static int Build(byte[] buffer, in MpCapableOption capable)
    {
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(0x0A000001), 40000, MptcpAddress.FromIPv4(0x0A000002), 80) { Flags = TcpFlags.Syn };
        builder.AddMaximumSegmentSize(1460);
        builder.AddSackPermitted();
        builder.AddTimestamps(1, 0);
        builder.AddNop();
        builder.AddWindowScale(7);
        builder.AddOption(capable);
        builder.TryWrite([], buffer, out int written);
        return written;
    }

    private static TcpPacketBuilder FieldsOf(in TcpSegment tcp)
    {
        ReadOnlySpan<byte> ip = tcp.IPHeader;
        var builder = new TcpPacketBuilder(tcp.Source, tcp.SourcePort, tcp.Destination, tcp.DestinationPort)
        {
            SequenceNumber = tcp.SequenceNumber,
            AcknowledgmentNumber = tcp.AcknowledgmentNumber,
            Flags = (TcpFlags)tcp.Flags,
            Window = tcp.Window,
            UrgentPointer = BinaryPrimitives.ReadUInt16BigEndian(tcp.TcpHeader[18..]),
        };
        if (tcp.IsIPv6)
        {
            uint first = BinaryPrimitives.ReadUInt32BigEndian(ip);
            builder.TrafficClass = (byte)(first >> 20);
            builder.FlowLabel = first & 0xFFFFF;
            builder.HopLimit = ip[7];
        }
        else
        {
            builder.TrafficClass = ip[1];
            builder.Identification = BinaryPrimitives.ReadUInt16BigEndian(ip[4..]);
            builder.DontFragment = (ip[6] & 0x40) != 0;
            builder.HopLimit = ip[8];
        }

        return builder;
    }

    // Each option through the builder's own encoder for its kind (RFC 9293 MSS, RFC 2018 SACK, RFC 7323 TS and WS).
    private static void Add(ref TcpPacketBuilder builder, in TcpOption option)
    {
        ReadOnlySpan<byte> o = option.Bytes;
        switch (option.Kind)
        {
            case 0:
                builder.AddEndOfOptions();
                break;
            case 1:
                builder.AddNop();
                break;
            case 2:
                builder.AddMaximumSegmentSize(BinaryPrimitives.ReadUInt16BigEndian(o[2..]));
                break;
            case 3:
                builder.AddWindowScale(o[2]);
                break;
            case 4:
                builder.AddSackPermitted();
                break;
            case 5:
                var blocks = new SackBlock[(o.Length - 2) / 8];
                for (int i = 0; i < blocks.Length; i++)
                {
                    blocks[i] = new SackBlock(BinaryPrimitives.ReadUInt32BigEndian(o[(2 + 8 * i)..]), BinaryPrimitives.ReadUInt32BigEndian(o[(6 + 8 * i)..]));
                }

                builder.AddSack(blocks);
                break;
            case 8:
                builder.AddTimestamps(BinaryPrimitives.ReadUInt32BigEndian(o[2..]), BinaryPrimitives.ReadUInt32BigEndian(o[6..]));
                break;
            case MptcpConstants.Kind:
                Assert.True(MptcpOption.TryRead(o, out MptcpOption mptcp, out MptcpError error), error.ToString());
                builder.AddOption(mptcp);
                break;
            default:
                builder.AddOption(option.Kind, o[2..]);
                break;
        }
    }
}
