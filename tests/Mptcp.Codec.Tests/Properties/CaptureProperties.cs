using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsCheck;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>
/// Random, truncated and damaged capture files never make the reader (nor the packet decoder or the analyzer behind
/// it) throw, and never make it stop early without a problem: classic pcap must give exactly the records and problems
/// of <see cref="CaptureModel"/>; pcapng that reports nothing must have been read to its last block.
/// </summary>
public sealed class CaptureProperties
{
    private static readonly byte[][] Files = [.. Directory.GetFiles(Path.Combine(Samples.Root, "samples", "captures"), "*.pcap*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    private static readonly CaptureRead[] Whole = [.. Files.Select(CaptureModel.ReadAndAnalyze)];

    private static readonly byte[][] Magics =
    [
        [0xD4, 0xC3, 0xB2, 0xA1], [0xA1, 0xB2, 0xC3, 0xD4], [0x4D, 0x3C, 0xB2, 0xA1], [0xA1, 0xB2, 0x3C, 0x4D], [0x0A, 0x0D, 0x0D, 0x0A],
    ];

    [Fact]
    public void TheSamplesAgreeWithTheModel()
    {
        Assert.True(Files.Length >= 10);
        for (int i = 0; i < Files.Length; i++)
        {
            Assert.Null(CaptureModel.Disagreement(Files[i], Whole[i]));
        }
    }

    [Fact]
    public void RandomOctetsNeverMakeTheReaderThrowOrStopWithoutAProblem()
    {
        Gen<byte[]> files = Gen.Frequency(
            (1, Gen.Byte.Array[0, 64]),
            (4, Gen.Select(Gen.Int[0, Magics.Length - 1], Gen.Byte.Array[0, 400], (magic, rest) => (byte[])[.. Magics[magic], .. rest])));
        files.Sample(file => Assert.Null(CaptureModel.Disagreement(file, CaptureModel.ReadAndAnalyze(file))), iter: 5_000);
    }

    [Fact]
    public void TruncatedCapturesReadAPrefixOfTheFramesAndReportTheCut()
    {
        Gen.Int[0, Files.Length - 1].SelectMany(i => Gen.Int[0, Files[i].Length - 1].Select(cut => (i, cut))).Sample((i, cut) =>
        {
            byte[] file = Files[i][..cut];
            CaptureRead read = CaptureModel.ReadAndAnalyze(file);
            Assert.Null(CaptureModel.Disagreement(file, read));
            Assert.True(read.Frames.Count <= Whole[i].Frames.Count);
            Assert.Equal(Whole[i].Frames.Take(read.Frames.Count), read.Frames);
            if (Whole[i].Problems.Count == 0)
            {
                bool clean = CaptureModel.Boundaries(Files[i]).Contains(cut);
                bool reported = read.Problems.Any(p => p.Kind is CaptureProblemKind.TruncatedFile or CaptureProblemKind.TruncatedRecord);
                Assert.True(clean != reported, $"cut at {cut} of {Files[i].Length}: {(reported ? "a truncation reported at a record end" : "no truncation reported")}");
            }
        }, iter: 2_000);
    }

    [Fact]
    public void DamagedCapturesNeverMakeTheReaderThrowOrStopWithoutAProblem()
    {
        Gen<(int Index, int Position, byte Value)[]> flips = Gen.Select(Gen.Int[0, Files.Length - 1], Gen.Int[0, int.MaxValue], Gen.Byte)
            .Array[1, 8];
        Gen.Select(Gen.Int[0, Files.Length - 1], flips, Gen.Int[0, 3]).Sample((i, damage, shape) =>
        {
            List<byte> bytes = [.. Files[i]];
            foreach ((_, int position, byte value) in damage)
            {
                int at = position % bytes.Count;
                switch (shape)
                {
                    case 0: // overwrite
                        bytes[at] = value;
                        break;
                    case 1: // insert
                        bytes.Insert(at, value);
                        break;
                    case 2: // delete
                        bytes.RemoveAt(at);
                        break;
                    default: // a plausible length: small numbers where the record and block lengths are
                        bytes[at] = (byte)(value & 0x3F);
                        break;
                }
            }

            byte[] file = [.. bytes];
            Assert.Null(CaptureModel.Disagreement(file, CaptureModel.ReadAndAnalyze(file)));
        }, iter: 2_000);
    }
}
