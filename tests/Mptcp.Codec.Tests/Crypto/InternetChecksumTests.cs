using System;
using System.Collections.Generic;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Crypto;

/// <summary>
/// The Internet checksum (vectorised for long data) against the RFC 1071 example, against the DSS checksums the Linux
/// kernel computed over payloads of 1 to 52,708 octets, and against the RFC's definition word by word.
/// </summary>
public sealed class InternetChecksumTests
{
    [Fact]
    public void Rfc1071NumericalExample()
    {
        // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2 (folded); the checksum is its complement.
        var sum = default(InternetChecksum);
        sum.Append([0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]);
        Assert.Equal(0x220d, sum.Result);
    }

    [Fact]
    public void EveryKernelDssChecksumOfLongPayloadsIsReproducedWholeAndInPieces()
    {
        // v1-csum-bulk.pcap: checksum_enabled=1, messages of 1,400, 4,097 and 60,000 octets (make-kernel-captures.sh
        // csum-bulk); the kernel accepted every mapping (the echo came back whole).
        int mappings = 0, longest = 0;
        foreach ((DssOption dss, byte[] payload) in SingleSegmentMappings(Samples.Capture("v1-csum-bulk.pcap")))
        {
            Assert.Equal(dss.Checksum, DssChecksum.Compute(dss.DataSequenceNumber, dss.SubflowSequenceNumber, dss.DataLevelLength, payload));
            foreach (int piece in (int[])[1, 31, 33, 63, 65, 1000])
            {
                var checksum = new DssChecksum(dss.DataSequenceNumber, dss.SubflowSequenceNumber, dss.DataLevelLength);
                for (int at = 0; at < payload.Length; at += piece)
                {
                    checksum.Append(payload.AsSpan(at, Math.Min(piece, payload.Length - at)));
                }

                Assert.Equal(dss.Checksum, checksum.Result);
            }

            mappings++;
            longest = Math.Max(longest, payload.Length);
        }

        // tshark -Y "tcp.options.mptcp.subtype == 2 && tcp.options.mptcp.dseqnpresent.flag == 1 && tcp.len > 0": 21 frames,
        // each with datalvllen == tcp.len (the two DATA_FINs, len 1 without payload, are not among them).
        Assert.Equal(21, mappings);
        Assert.Equal(52708, longest);
    }

    [Fact]
    public void EqualsTheRfc1071DefinitionForEveryLengthAndOffset()
    {
        var random = new Random(1071);
        byte[] data = new byte[3000];
        random.NextBytes(data);
        for (int length = 0; length <= 600; length++)
        {
            int offset = random.Next(0, 64);
            ReadOnlySpan<byte> slice = data.AsSpan(offset, length);
            var sum = default(InternetChecksum);
            sum.Append(slice);
            Assert.Equal(ByDefinition(slice), sum.Result);
        }

        // All ones: every 32-bit lane near its bound, across the 1 MiB chunks the lanes are summed in.
        byte[] ones = new byte[(1 << 21) + 37];
        Array.Fill(ones, (byte)0xFF);
        var all = default(InternetChecksum);
        all.Append(ones);
        Assert.Equal(ByDefinition(ones), all.Result);
    }

    /// <summary>RFC 1071 §1: 16-bit big-endian words, an odd octet padded with zero, carries folded in, complemented.</summary>
    private static ushort ByDefinition(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) + (i + 1 < data.Length ? data[i + 1] : 0u);
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The DSS mappings (8-octet DSN, checksum) that a single segment carries whole, with its payload.</summary>
    private static List<(DssOption Dss, byte[] Payload)> SingleSegmentMappings(string path)
    {
        var found = new List<(DssOption, byte[])>();
        using CaptureReader reader = CaptureReader.Open(path);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                continue;
            }

            foreach (TcpOption option in TcpOptionWalker.MptcpOptions(segment.Options))
            {
                if (DssOption.TryRead(option.Bytes, out DssOption dss, out _) && dss.MappingPresent && dss.HasChecksum &&
                    dss.DataSequenceNumberIs8Octets && dss.DataLevelLength == segment.PayloadLength && segment.Payload.Length == segment.PayloadLength)
                {
                    found.Add((dss, segment.Payload.ToArray()));
                }
            }
        }

        return found;
    }
}
