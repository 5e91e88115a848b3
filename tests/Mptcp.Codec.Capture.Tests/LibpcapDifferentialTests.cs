using System;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Mptcp.Codec.Capture.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// Damaged files read the way libpcap reads them (issue 16): randomly damaged variants of the sample captures (pcap
/// and pcapng), each read by libpcap (<c>tcpdump -r VARIANT -w OUT</c>) and by <see cref="CaptureReader"/>. Every
/// frame libpcap delivers, we deliver identically and in the same place: same octets, original length and timestamp
/// (to the microsecond libpcap keeps). Where libpcap stops at the damage we may read on, so its frames must be the
/// first of ours. CI runs a sample of variants; <c>fuzz/libpcap-differential.sh</c> runs 10,000 and more
/// (MPTCP_LIBPCAP_VARIANTS).
/// </summary>
public sealed class LibpcapDifferentialTests(ITestOutputHelper output)
{
    private static readonly string[] Bases =
    [
        "seed-echo.pcap", "formats/seed-echo-nsec.pcap", "formats/seed-echo-bigendian.pcap", "formats/seed-echo-snap74.pcap",
        "formats/seed-echo.pcapng", "formats/seed-echo-two-interfaces.pcapng", "formats/seed-echo-two-sections.pcapng",
        "formats/ipv6-ethernet.pcap", "v1-csum-ipv4.pcap", "formats/seed-echo-radiotap.pcap",
    ];

    [Fact]
    public void EveryFrameLibpcapDeliversWeDeliverAlike()
    {
        int count = int.TryParse(Environment.GetEnvironmentVariable("MPTCP_LIBPCAP_VARIANTS"), out int n) ? n : 400;
        byte[][] bases = Bases.Select(b => File.ReadAllBytes(Path.Combine(Path.GetDirectoryName(Samples.Seed)!, b))).ToArray();
        string folder = Directory.CreateTempSubdirectory("libpcap-differential-").FullName;
        var failures = new ConcurrentQueue<string>();
        long libpcapFrames = 0, readFurther = 0, libpcapRefused = 0, timestampsSkipped = 0;
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
            {
                int which = i % bases.Length;
                (byte[] variant, string what) = Damage.Variant(bases[which], i);
                List<Record> ours = Ours(variant);
                List<Record>? theirs = Libpcap(variant, Path.Combine(folder, $"v{i}"));
                if (theirs is null)
                {
                    Interlocked.Increment(ref libpcapRefused);
                    return;
                }

                Interlocked.Add(ref libpcapFrames, theirs.Count);
                Interlocked.Add(ref readFurther, ours.Count > theirs.Count ? 1 : 0);
                int same = 0;
                while (same < theirs.Count && same < ours.Count && theirs[same].Matches(ours[same]))
                {
                    same++;
                }

                Interlocked.Add(ref timestampsSkipped, theirs.Take(same).Zip(ours).Count(p => p.First.SignedFraction || p.Second.Microseconds == long.MinValue));
                if (same < theirs.Count)
                {
                    if (Environment.GetEnvironmentVariable("MPTCP_LIBPCAP_KEEP") is string keep)
                    {
                        File.WriteAllBytes(Path.Combine(keep, $"variant-{i}{Path.GetExtension(Bases[which])}"), variant);
                    }

                    failures.Enqueue($"variant {i} of {Bases[which]} ({what}): libpcap's frame {same + 1} of {theirs.Count} " +
                        (same < ours.Count ? $"is {theirs[same]}, ours {ours[same]}" : $"is {theirs[same]}; we delivered only {ours.Count}"));
                }
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        output.WriteLine($"{count} variants of {Bases.Length} captures: libpcap delivered {libpcapFrames} frames, all compared; " +
            $"it refused {libpcapRefused} variants outright; we read past libpcap's stop in {readFurther}; " +
            $"timestamps not compared (beyond 2262, or a fraction of 2^31 or more): {timestampsSkipped}; {failures.Count} disagreements");
        Assert.True(failures.IsEmpty, string.Join('\n', failures.Take(20)));
        Assert.True(libpcapFrames > count, "libpcap delivered almost nothing: the test compares nothing");
    }

    /// <summary>
    /// A frame as libpcap's output file keeps it: its instant in µs, the original length, the captured octets (as hex).
    /// libpcap passes a microsecond field of a million or more through as it is (the same instant as ours, seconds
    /// later), and a pcap file holds 32 bits of seconds: instants are compared modulo 2^32 s. Not compared: a timestamp
    /// beyond what we hold (reported as TimestampOutOfRange, <see cref="long.MinValue"/> here), and one whose sub-second
    /// field is 2^31 or more (no valid fraction), which libpcap reads as signed, a negative fraction, while the pcap
    /// specification and Wireshark read it unsigned, as we do (docs/peers.md); <see cref="SignedFraction"/> marks those.
    /// </summary>
    private readonly record struct Record(long Microseconds, uint OriginalLength, string Data, bool SignedFraction = false)
    {
        private const long Wrap = (1L << 32) * 1_000_000;

        public bool Matches(Record ours) => (ours.OriginalLength, ours.Data) == (OriginalLength, Data) &&
            (ours.Microseconds == long.MinValue || SignedFraction || ((ours.Microseconds % Wrap) + Wrap) % Wrap == Microseconds % Wrap);

        public override string ToString() => $"{Microseconds / 1_000_000}.{Microseconds % 1_000_000:D6} len {OriginalLength} caplen {Data.Length / 2}";
    }

    private static List<Record> Ours(byte[] capture)
    {
        var records = new List<Record>();
        using var reader = new CaptureReader(new MemoryStream(capture));
        int clamped = 0;
        reader.OnProblem = problem => clamped += problem.Kind == CaptureProblemKind.TimestampOutOfRange ? 1 : 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            bool comparable = clamped == 0;
            clamped = 0;
            records.Add(new Record(comparable ? Math.DivRem(frame.TimestampNanoseconds, 1000, out _) - (frame.TimestampNanoseconds % 1000 < 0 ? 1 : 0) : long.MinValue,
                frame.OriginalLength, Convert.ToHexString(frame.Data)));
        }

        return records;
    }

    /// <summary>tcpdump -r IN -w OUT, OUT parsed (libpcap writes host-order µs pcap); null when libpcap cannot open IN.</summary>
    private static List<Record>? Libpcap(byte[] capture, string stem)
    {
        string input = stem + ".in", written = stem + ".out";
        File.WriteAllBytes(input, capture);
        var start = new ProcessStartInfo("tcpdump", ["-r", input, "-w", written]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using (Process tcpdump = Process.Start(start) ?? throw new InvalidOperationException("tcpdump did not start (test.sh installs it)"))
        {
            tcpdump.StandardOutput.ReadToEnd();
            tcpdump.StandardError.ReadToEnd();
            tcpdump.WaitForExit();
        }

        if (!File.Exists(written))
        {
            return null;
        }

        byte[] file = File.ReadAllBytes(written);
        var records = new List<Record>();
        for (int offset = 24; offset + 16 <= file.Length;)
        {
            ReadOnlySpan<byte> header = file.AsSpan(offset, 16);
            int captured = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            uint fraction = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            long microseconds = (BinaryPrimitives.ReadUInt32LittleEndian(header) * 1_000_000L) + fraction;
            records.Add(new Record(microseconds, BinaryPrimitives.ReadUInt32LittleEndian(header[12..]), Convert.ToHexString(file.AsSpan(offset + 16, captured)), fraction >= 1u << 31));
            offset += 16 + captured;
        }

        File.Delete(input);
        File.Delete(written);
        return records;
    }
}
