using System;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Cli.Output.Listing;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Benchmarks;

/// <summary>
/// One packet of the listing, formatted as <c>read</c> and <c>read --format json</c> format it (on the formatting
/// threads): the seed's DSS-carrying data segment, to UTF-8. What a packet costs before it is written out.
/// </summary>
[MemoryDiagnoser]
public class ListingBenchmarks
{
    // The seed's "hello" data segment from the client (IPv4, timestamps, DSS with ack, mapping and checksum).
    private static readonly byte[] Packet = Convert.FromHexString(
        "4500004d6d1a40004006a1f5c0a8aa10c0a8aa11" +
        "d52b00503f6ef1a0e8b6e34c8018003a5bf70000" + "0101080a00228d1e503198b4" + "1e142005eedf3c4283a689610000000100059e97" +
        "68656c6c6f");

    private readonly PacketBatch _batch = new(new BatchFormatter(json: false, verify: false));
    private readonly PacketBatch _jsonBatch = new(new BatchFormatter(json: true, verify: false));

    /// <summary>Fills each batch with the one packet.</summary>
    [GlobalSetup]
    public void Setup()
    {
        foreach (PacketBatch batch in (PacketBatch[])[_batch, _jsonBatch])
        {
            if (!PacketDecoder.TryDecodeTcp(LinkTypes.IPv4, Packet, out TcpSegment segment, out _))
            {
                throw new InvalidOperationException("the seed's packet does not decode");
            }

            batch.Add(1, 1_577_836_800_000_010_000, segment, 1, 1, default, [], [], [], []);
        }
    }

    /// <summary>A tcpdump-style line.</summary>
    [Benchmark]
    public int TextLine() => Format(_batch);

    /// <summary>A JSON Lines object.</summary>
    [Benchmark]
    public int JsonLine() => Format(_jsonBatch);

    private static int Format(PacketBatch batch)
    {
        batch.Output.ResetWrittenCount();
        batch.Formatter.Format(batch);
        return batch.Output.WrittenCount;
    }
}
