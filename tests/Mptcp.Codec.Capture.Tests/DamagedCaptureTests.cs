using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>Damage is reported with its kind, offset and frame number, and every intact frame is still read.</summary>
public sealed class DamagedCaptureTests
{
    private static readonly List<Frame> TwoInterfaces = Samples.Read(Samples.Format("seed-echo-two-interfaces.pcapng")).Frames;

    [Fact]
    public void TruncatedLastRecordYieldsTheOthers()
    {
        // make-format-samples.py: "last record at offset 1494, cut after 1540 bytes".
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("seed-echo-truncated.pcap"));
        Assert.Equal(SeedFrames.Count - 1, frames.Count);
        Assert.Equal([new CaptureProblem(1494, CaptureProblemKind.TruncatedRecord, 19)], problems);
    }

    [Fact]
    public void ClassicPcapStopsAtABadRecordLength()
    {
        // make-format-samples.py: "record 10 at offset 814 claims 1 MiB".
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Samples.Format("seed-echo-bad-length.pcap"));
        Assert.Equal(9, frames.Count);
        Assert.Equal([new CaptureProblem(814, CaptureProblemKind.BadRecordLength, 10, 0x00100000)], problems);
    }

    [Fact]
    public void PcapngResynchronisesAfterAGarbageBlock()
    {
        // make-format-samples.py: "24 garbage bytes at offset 1076, before frame 10's block".
        var raised = new List<CaptureProblem>();
        var frames = new List<(long Number, long Offset, byte[] Data)>();
        using (CaptureReader reader = CaptureReader.Open(Samples.Format("seed-echo-garbage.pcapng")))
        {
            reader.OnProblem = raised.Add;
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                frames.Add((frame.FrameNumber, frame.FileOffset, frame.Data.ToArray()));
            }

            Assert.Equal([new CaptureProblem(1076, CaptureProblemKind.BadBlock, 10)], reader.Problems.Where(p => !p.IsWarning));
        }

        Assert.Equal([new CaptureProblem(1076, CaptureProblemKind.BadBlock, 10)], raised.Where(p => !p.IsWarning));
        Assert.Equal(TwoInterfaces.Select(f => f.Number), frames.Select(f => f.Number));
        Assert.Equal(TwoInterfaces.Select(f => f.FileOffset < 1076 ? f.FileOffset : f.FileOffset + 24), frames.Select(f => f.Offset));
        Assert.All(frames, (f, i) => Assert.Equal(TwoInterfaces[i].Data, f.Data));
    }

    [Fact]
    public void PacketBlocksWithAnUnknownInterfaceOrBadLengthAreSkippedButNumbered()
    {
        byte[] file = File.ReadAllBytes(Samples.Format("seed-echo-two-interfaces.pcapng"));
        long third = TwoInterfaces[2].FileOffset;
        long fifth = TwoInterfaces[4].FileOffset;
        file[third + 8] = 7;          // EPB interface ID 7: the section has two
        file[fifth + 20] = 0xFF;      // EPB captured length (a frame under 256 octets) now 255: past its block
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(file);
        Assert.Equal(new long[] { 1, 2, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19 }, frames.Select(f => f.Number));
        Assert.Equal([new CaptureProblem(third, CaptureProblemKind.UnknownInterface, 3), new CaptureProblem(fifth, CaptureProblemKind.BadRecordLength, 5, 255)], problems);
    }

    [Fact]
    public void UnknownBlockTypesAreSkippedAndReported()
    {
        byte[] file = File.ReadAllBytes(Samples.Format("seed-echo-two-interfaces.pcapng"));
        long last = file.Length - 24; // the closing Interface Statistics Block (24 octets), made a type 0x1234
        Assert.Equal(5u, BitConverter.ToUInt32(file, (int)last));
        BitConverter.GetBytes(0x1234u).CopyTo(file, last);
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(file);
        Assert.Equal(SeedFrames.Count, frames.Count);
        Assert.Equal([new CaptureProblem(last, CaptureProblemKind.UnknownBlock, 20)], problems);
    }

    [Fact]
    public void AnUnsupportedLinkTypeIsReportedAndItsFramesStillRead()
    {
        byte[] file = File.ReadAllBytes(Samples.Seed);
        file[20] = 147; // LINKTYPE_USER0
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(file);
        Assert.Equal(SeedFrames.Count, frames.Count);
        Assert.Equal([new CaptureProblem(0, CaptureProblemKind.UnsupportedLinkType, 1, 147)], problems);
        Assert.False(PacketDecoder.TryDecodeTcp(frames[0].LinkType, frames[0].Data, out _, out PacketDecodeStatus status));
        Assert.Equal(PacketDecodeStatus.UnsupportedLinkType, status);
    }

    [Theory]
    [InlineData("", CaptureProblemKind.TruncatedFile)]
    [InlineData("d4c3b2a1 0200 0400", CaptureProblemKind.TruncatedFile)]
    [InlineData("0a0d0d0a 1c000000 4d3c2b1a", CaptureProblemKind.TruncatedFile)]
    [InlineData("47455420 2f20485454502f312e310d0a", CaptureProblemKind.UnknownFormat)] // "GET / HTTP/1.1\r\n"
    public void NoCaptureIsReportedAtOffsetZero(string hex, CaptureProblemKind kind)
    {
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        Assert.Empty(frames);
        Assert.Equal([new CaptureProblem(0, kind, 1)], problems);
    }

    [Fact]
    public void DisposedReaderReadsNothing()
    {
        var reader = CaptureReader.Open(Samples.Seed);
        reader.Dispose();
        Assert.False(reader.TryReadNext(out _));
        Assert.Empty(reader.Problems);
    }
}

/// <summary>Records longer than the file's snap length: read as libpcap reads them, with tcpdump (libpcap) as the judge.</summary>
public sealed class SnapLengthTests
{
    [Fact]
    public void ARecordLongerThanTheSnapLengthIsCutToItAsLibpcapCutsIt()
    {
        // A file header that says 60 makes every seed record longer than 60 octets too long (not the bare RSTs).
        byte[] file = File.ReadAllBytes(Samples.Seed);
        List<Frame> whole = Samples.Read(Samples.Seed).Frames;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 60);
        (List<Frame> ours, IReadOnlyList<CaptureProblem> problems) = Samples.Read(file);

        string input = Path.Combine(Path.GetTempPath(), $"snap60-{Guid.NewGuid():N}.pcap");
        string output = input + ".libpcap.pcap";
        File.WriteAllBytes(input, file);
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("tcpdump", ["-r", input, "-w", output]) { RedirectStandardError = true };
            using (System.Diagnostics.Process tcpdump = System.Diagnostics.Process.Start(start)!)
            {
                tcpdump.StandardError.ReadToEnd();
                tcpdump.WaitForExit();
                Assert.Equal(0, tcpdump.ExitCode);
            }

            (List<Frame> libpcap, IReadOnlyList<CaptureProblem> clean) = Samples.Read(output);
            Assert.Empty(clean);
            Assert.Equal(19, libpcap.Count);
            Assert.Equal(libpcap.Select(f => (f.TimestampNanoseconds, f.OriginalLength, Convert.ToHexString(f.Data))), ours.Select(f => (f.TimestampNanoseconds, f.OriginalLength, Convert.ToHexString(f.Data))));
            Assert.Equal(whole.Select(f => Math.Min(f.Data.Length, 60)), ours.Select(f => f.Data.Length));
            int cut = whole.Count(f => f.Data.Length > 60);
            Assert.InRange(cut, 1, whole.Count - 1); // both kinds: cut records and records that fit
            Assert.Equal(cut, problems.Count(p => p.Kind == CaptureProblemKind.RecordCutToSnapLength));
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}

/// <summary>gzip and zstd captures, compressed by the gzip and zstd tools themselves, told by content.</summary>
public sealed class CompressedCaptureTests
{
    [Theory]
    [InlineData("gzip")]
    [InlineData("zstd")]
    public void ACompressedCaptureReadsAsTheCaptureItself(string tool)
    {
        byte[] compressed = Compress(tool, File.ReadAllBytes(Samples.Seed));
        Assert.NotEqual(File.ReadAllBytes(Samples.Seed).AsSpan(0, 4).ToArray(), compressed.AsSpan(0, 4).ToArray());
        (List<Frame> plain, _) = Samples.Read(Samples.Seed);

        // From a file, and from a pipe that cannot seek.
        foreach (Stream input in new Stream[] { new MemoryStream(compressed), new Support.ForwardOnlyStream(compressed) })
        {
            (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(input);
            Assert.Empty(problems);
            Assert.Equal(plain.Select(f => (f.Number, f.TimestampNanoseconds, Convert.ToHexString(f.Data))), frames.Select(f => (f.Number, f.TimestampNanoseconds, Convert.ToHexString(f.Data))));
        }
    }

    /// <summary>
    /// Two zstd frames, the second with a damaged magic number (RFC 8878 §3.1.1: a decoder must reject it): the reader
    /// delivers every record of the first frame's data, reports the cut record and DamagedCompression at the
    /// decompressed offset where the first frame ends, instead of an exception from the decompressor.
    /// </summary>
    [Fact]
    public void DamagedZstdEndsTheCaptureWithAProblemAfterTheFramesBefore()
    {
        string path = Path.Combine(Path.GetDirectoryName(Samples.Seed)!, "v1-stall-reinject.pcap");
        (List<Frame> plain, _) = Samples.Read(path);
        byte[] file = File.ReadAllBytes(path);
        int half = file.Length / 2;
        byte[] second = Compress("zstd", file[half..]);
        second[0] ^= 0xFF;
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read([.. Compress("zstd", file[..half]), .. second]);

        // Classic pcap: a 24-octet file header, then records of 16 octets + the captured length.
        long end = 24;
        int whole = plain.TakeWhile(f => (end += 16 + f.Data.Length) <= half).Count();
        Assert.InRange(whole, 100, plain.Count - 100);
        Assert.Equal(plain.Take(whole).Select(f => Convert.ToHexString(f.Data)), frames.Select(f => Convert.ToHexString(f.Data)));
        // The damage ends the capture: it is the one problem (the cut record behind it is not a second one).
        Assert.Equal(new[] { CaptureProblemKind.DamagedCompression }, problems.Select(p => p.Kind));
        Assert.Equal((half, whole + 1L), (problems[0].FileOffset, problems[0].FrameNumber));
    }

    /// <summary>
    /// A gzip member whose first deflate block has the reserved block type 3 (RFC 1951 §3.2.3): nothing decompresses;
    /// the reader says so instead of throwing (found by CaptureProperties with seed ce8XZMYcN2V2: a random member).
    /// </summary>
    [Fact]
    public void AGzipMemberWithAnInvalidBlockIsReportedNotThrown()
    {
        byte[] compressed = Compress("gzip", File.ReadAllBytes(Samples.Seed));
        Assert.Equal(0, compressed[3] & 0x08); // no file name: the deflate data starts at octet 10
        compressed[10] |= 0b110; // BTYPE = 11
        (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(compressed);
        Assert.Empty(frames);
        Assert.Equal(new[] { (0L, CaptureProblemKind.DamagedCompression) }, problems.Select(p => (p.FileOffset, p.Kind)));
    }

    private static byte[] Compress(string tool, byte[] data)
    {
        var start = new System.Diagnostics.ProcessStartInfo(tool, ["-c"]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        using System.Diagnostics.Process process = System.Diagnostics.Process.Start(start)!;
        var output = new MemoryStream();
        System.Threading.Tasks.Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        process.StandardInput.BaseStream.Write(data);
        process.StandardInput.Close();
        copy.GetAwaiter().GetResult();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.ToArray();
    }
}
