using System.Linq;
using System;
using System.Collections.Generic;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests.Support;

/// <summary>The sample captures of samples/captures, found from the folder that holds Mptcp.Codec.sln.</summary>
internal static class Samples
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Mptcp.Codec.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("no Mptcp.Codec.sln above " + AppContext.BaseDirectory);
    });

    /// <summary>The seed's echo session: 19 IPv4 packets, link type 228, classic little-endian µs pcap.</summary>
    public static string Seed => Path.Combine(Root.Value, "samples", "captures", "seed-echo.pcap");

    /// <summary>A file of samples/captures/formats.</summary>
    public static string Format(string name) => Path.Combine(Root.Value, "samples", "captures", "formats", name);

    /// <summary>Every sample of samples/captures/formats, and the seed.</summary>
    public static IEnumerable<string> All()
    {
        yield return Seed;
        foreach (string file in Directory.GetFiles(Path.Combine(Root.Value, "samples", "captures", "formats")))
        {
            if (file.EndsWith(".pcap", StringComparison.Ordinal) || file.EndsWith(".pcapng", StringComparison.Ordinal))
            {
                yield return file;
            }
        }
    }

    /// <summary>Reads every frame of a capture, keeping copies, and the problems reported.</summary>
    public static (List<Frame> Frames, IReadOnlyList<CaptureProblem> Problems) Read(Stream stream)
    {
        var frames = new List<Frame>();
        using var reader = new CaptureReader(stream);
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames.Add(new Frame(frame.FrameNumber, frame.TimestampNanoseconds, frame.LinkType, frame.InterfaceId, frame.OriginalLength, frame.Data.ToArray(), frame.FileOffset));
        }

        // Warnings (what libpcap refuses and this reader reads) are FormatTests' to check; the rest is damage.
        return (frames, reader.Problems.Where(p => !p.IsWarning).ToList());
    }

    public static (List<Frame> Frames, IReadOnlyList<CaptureProblem> Problems) Read(string path) => Read(File.OpenRead(path));

    public static (List<Frame> Frames, IReadOnlyList<CaptureProblem> Problems) Read(byte[] capture) => Read(new MemoryStream(capture));
}

/// <summary>A copy of a <see cref="CapturedFrame"/>.</summary>
internal sealed record Frame(long Number, long TimestampNanoseconds, int LinkType, int InterfaceId, uint OriginalLength, byte[] Data, long FileOffset)
{
    /// <summary>Decodes the TCP segment, which must be there.</summary>
    public TcpSegment Tcp()
    {
        Assert.True(PacketDecoder.TryDecodeTcp(LinkType, Data, out TcpSegment segment, out PacketDecodeStatus status), $"frame {Number}: {status}");
        return segment;
    }
}
