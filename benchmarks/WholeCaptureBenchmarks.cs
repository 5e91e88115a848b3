using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Capture.Synthesis;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Benchmarks;

/// <summary>
/// A synthesised capture of 2 million packets (1000 v1 connections with checksums, written once to the temporary
/// folder): reading + decoding + connection tracking and verification, and the same packets' TCP options parsed by
/// PacketDotNet. Each operation is the whole file: divide by <see cref="Packets"/> for packets per second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class WholeCaptureBenchmarks
{
    /// <summary>Packets in the capture.</summary>
    public const long Packets = 2_000_000;

    private string _path = string.Empty;

    /// <summary>Writes the capture if it is not there yet.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _path = Path.Combine(Path.GetTempPath(), "mptcp-bench-2m.pcap");
        if (!File.Exists(_path))
        {
            using FileStream file = File.Create(_path);
            Synthesizer.Write(file, new SynthesisOptions(1000, Packets, MptcpVersion.V1, Checksum: true, Seed: 1));
        }
    }

    /// <summary>Read every frame, decode every TCP segment and MPTCP option, track and verify connections
    /// (every HMAC and DSS checksum), counting the data-level streams as <c>summary</c> does.</summary>
    [Benchmark(Baseline = true)]
    public long ReadDecodeAndTrack()
    {
        using CaptureReader reader = CaptureReader.Open(_path);
        return MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false }).Connections.Count;
    }

    /// <summary>The same, keeping every octet of the reassembled data-level streams.</summary>
    [Benchmark]
    public long ReadDecodeTrackAndReassemble()
    {
        using CaptureReader reader = CaptureReader.Open(_path);
        return MptcpAnalysis.Analyze(reader).Connections.Count;
    }

    /// <summary>Read every frame and decode every MPTCP option, without tracking.</summary>
    [Benchmark]
    public long ReadAndDecode()
    {
        using CaptureReader reader = CaptureReader.Open(_path);
        long options = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                foreach (TcpOption option in TcpOptionWalker.MptcpOptions(segment.Options))
                {
                    options += Options.MptcpOption.TryRead(option.Bytes, out _, out _) ? 1 : 0;
                }
            }
        }

        return options;
    }

    /// <summary>The .NET peer: the same frames (read by our reader) parsed by PacketDotNet down to its TCP options.</summary>
    [Benchmark]
    public long PacketDotNetTcpOptions()
    {
        using CaptureReader reader = CaptureReader.Open(_path);
        long options = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            var packet = PacketDotNet.Packet.ParsePacket(PacketDotNet.LinkLayers.Raw, frame.Data.ToArray());
            if (packet.Extract<PacketDotNet.TcpPacket>() is PacketDotNet.TcpPacket tcp)
            {
                options += tcp.OptionsCollection.Count;
            }
        }

        return options;
    }
}
