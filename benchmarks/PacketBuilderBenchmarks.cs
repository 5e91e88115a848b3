using System;
using BenchmarkDotNet.Attributes;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Benchmarks;

/// <summary>
/// Whole packets as the peer and synth make them: a data segment with timestamps and a DSS mapping with its checksum
/// over 1,400 octets (the checksums dominate), and the reverse, the same packet decoded. Both allocate nothing.
/// </summary>
[MemoryDiagnoser]
public class PacketBuilderBenchmarks
{
    private readonly byte[] _payload = new byte[1400];
    private readonly byte[] _packet = new byte[1500];
    private DssOption _dss;
    private int _length;

    /// <summary>The mapping and one packet built for the decoder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        new Random(1071).NextBytes(_payload);
        _dss = new DssOption { DataAckPresent = true, DataAckIs8Octets = true, DataAck = 1, MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = 2, SubflowSequenceNumber = 1, DataLevelLength = 1400, HasChecksum = true, Checksum = 0 };
        _length = Build();
    }

    /// <summary>IPv4, TCP with NOP NOP timestamps and the DSS, payload copied, both checksums.</summary>
    [Benchmark]
    public int Build()
    {
        var builder = new TcpPacketBuilder(MptcpAddress.FromIPv4(0x0A090002), 40000, MptcpAddress.FromIPv4(0x0A090001), 8080)
        {
            SequenceNumber = 1001,
            AcknowledgmentNumber = 5001,
            Flags = TcpFlags.Ack | TcpFlags.Psh,
        };
        builder.AddNop();
        builder.AddNop();
        builder.AddTimestamps(12345, 54321);
        builder.AddOption(_dss);
        builder.TryWrite(_payload, _packet, out int written);
        return written;
    }

    /// <summary>The same packet back to its segment.</summary>
    [Benchmark]
    public uint Decode() => PacketDecoder.TryDecodeIP(_packet.AsSpan(0, _length), out TcpSegment segment, out _) ? segment.SequenceNumber : 0;
}
