using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture.Tests.Support;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>No input makes reading or decoding throw: every truncation of every sample, random bytes, random damage.</summary>
public sealed class RobustnessTests
{
    public static TheoryData<string> AllSamples => [.. Samples.All().Select(p => Path.GetFileName(p))];

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void EveryTruncationReadsAPrefixOfTheFrames(string name)
    {
        byte[] file = File.ReadAllBytes(Samples.All().Single(p => Path.GetFileName(p) == name));
        (List<Frame> whole, IReadOnlyList<CaptureProblem> wholeProblems) = Samples.Read(file);
        bool intactClassicPcap = file[0] != 0x0A && wholeProblems.Count == 0;
        for (int length = 0; length < file.Length; length++)
        {
            (List<Frame> frames, IReadOnlyList<CaptureProblem> problems) = Samples.Read(file[..length]);
            Assert.True(frames.Count <= whole.Count);
            for (int i = 0; i < frames.Count; i++)
            {
                Assert.Equal((whole[i].Number, whole[i].FileOffset), (frames[i].Number, frames[i].FileOffset));
                Assert.Equal(whole[i].Data, frames[i].Data);
                DecodeIgnoringResult(frames[i]);
            }

            if (intactClassicPcap)
            {
                bool boundary = length == 24 || whole.Any(f => f.FileOffset == length);
                Assert.Equal(!boundary, problems.Any(p => p.Kind is CaptureProblemKind.TruncatedFile or CaptureProblemKind.TruncatedRecord));
            }
        }
    }

    [Fact]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(8684);
        string[] prefixes = ["", "d4c3b2a1", "a1b2c3d4", "4d3cb2a1", "a1b23c4d", "0a0d0d0a", "0a0d0d0a1c0000004d3c2b1a"];
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            byte[] prefix = Convert.FromHexString(prefixes[i % prefixes.Length]);
            prefix.AsSpan(0, Math.Min(prefix.Length, bytes.Length)).CopyTo(bytes);
            foreach (Frame frame in Samples.Read(bytes).Frames)
            {
                DecodeIgnoringResult(frame);
            }
        }
    }

    [Fact]
    public void RandomDamageToEverySampleNeverThrows()
    {
        var random = new Random(6824);
        foreach (string path in Samples.All())
        {
            byte[] file = File.ReadAllBytes(path);
            for (int i = 0; i < 300; i++)
            {
                byte[] damaged = (byte[])file.Clone();
                for (int flips = random.Next(1, 8); flips > 0; flips--)
                {
                    damaged[random.Next(damaged.Length)] ^= (byte)(1 << random.Next(8));
                }

                foreach (Frame frame in Samples.Read(damaged).Frames)
                {
                    DecodeIgnoringResult(frame);
                }
            }
        }
    }

    [Fact]
    public void DecodingRandomFramesNeverThrows()
    {
        var random = new Random(1);
        int[] linkTypes = [0, 1, 12, 101, 108, 113, 228, 229, 276, 147];
        for (int i = 0; i < 20000; i++)
        {
            byte[] frame = new byte[random.Next(0, 128)];
            random.NextBytes(frame);
            if (frame.Length > 20 && i % 2 == 0)
            {
                frame[0] = (byte)(i % 4 == 0 ? 0x45 : 0x60); // reach the IP and TCP layers more often
                frame[9] = frame[6] = 6;
            }

            PacketDecoder.TryDecodeTcp(linkTypes[i % linkTypes.Length], frame, out _, out _);
        }
    }

    private static void DecodeIgnoringResult(Frame frame)
    {
        if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment tcp, out _))
        {
            _ = (tcp.Source, tcp.Destination, tcp.Options.Length, tcp.Payload.Length);
        }
    }
}
