using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>What reading a capture gave: each frame's file offset and length, and the problems.</summary>
internal sealed record CaptureRead(List<(long Offset, int Length)> Frames, List<(long Offset, CaptureProblemKind Kind)> Problems);

/// <summary>
/// Reads a capture the way the fuzz target "pcap" does (reader, TCP decoder, connection tracking), and states what a
/// correct reader must have produced: classic pcap is modelled whole (frames and problems), pcapng when no problem
/// is reported (the blocks then tile the file and every packet block is a frame). Also the reserved-bit masks of the
/// schema, for the normalisation properties.
/// </summary>
internal static class CaptureModel
{
    private const uint PcapMicroseconds = 0xA1B2C3D4;
    private const uint PcapNanoseconds = 0xA1B23C4D;
    private const uint SectionHeader = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;

    private static readonly Lazy<Dictionary<MptcpOptionKind, byte[]>> Masks = new(() => LoadMasks(ignorableOnly: false));
    private static readonly Lazy<Dictionary<MptcpOptionKind, byte[]>> IgnorableMasks = new(() => LoadMasks(ignorableOnly: true));

    /// <summary>Reads <paramref name="file"/> to the end through the reader, the packet decoder and the analyzer.</summary>
    public static CaptureRead ReadAndAnalyze(byte[] file)
    {
        var frames = new List<(long, int)>();
        var analyzer = new MptcpAnalyzer();
        using var reader = new CaptureReader(new MemoryStream(file, writable: false));
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            frames.Add((frame.FileOffset, frame.Data.Length));
            if (PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out _))
            {
                analyzer.Process(frame.FrameNumber, segment);
            }
        }

        analyzer.Complete();
        _ = analyzer.Totals();
        var problems = new List<(long, CaptureProblemKind)>();
        foreach (CaptureProblem problem in reader.Problems)
        {
            // Warnings (what libpcap refuses and the reader reads) are no damage, which is what this model predicts.
            if (!problem.IsWarning)
            {
                problems.Add((problem.FileOffset, problem.Kind));
            }
        }

        return new CaptureRead(frames, problems);
    }

    /// <summary>Null when <paramref name="read"/> is what a correct reader gives for <paramref name="file"/>, else why not.</summary>
    public static string? Disagreement(byte[] file, CaptureRead read)
    {
        uint magic = file.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(file) : 0;
        if (file.Length < 4)
        {
            return Same(read, [], [(0, CaptureProblemKind.TruncatedFile)]);
        }

        if (magic == SectionHeader)
        {
            return PcapNg(file, read);
        }

        if (file[0] == 0x1F && file[1] == 0x8B || magic == 0xFD2FB528)
        {
            return Compressed(file, read);
        }

        if (magic is PcapMicroseconds or PcapNanoseconds || BinaryPrimitives.ReverseEndianness(magic) is PcapMicroseconds or PcapNanoseconds)
        {
            return ClassicPcap(file, read);
        }

        return Same(read, [], [(0, CaptureProblemKind.UnknownFormat)]);
    }

    /// <summary>
    /// gzip (1f 8b) or zstd (28 b5 2f fd): when the whole file decompresses (by the library alone), the reader read the
    /// decompressed capture; when it does not, the reader said so (DamagedCompression, or a truncation where the
    /// compressed data just ends), whatever it read before.
    /// </summary>
    private static string? Compressed(byte[] file, CaptureRead read)
    {
        byte[] plain;
        try
        {
            using Stream decompressor = file[0] == 0x1F
                ? new System.IO.Compression.GZipStream(new MemoryStream(file), System.IO.Compression.CompressionMode.Decompress)
                : new ZstdSharp.DecompressionStream(new MemoryStream(file));
            var output = new MemoryStream();
            decompressor.CopyTo(output);
            plain = output.ToArray();
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            return read.Problems.Exists(p => p.Kind == CaptureProblemKind.DamagedCompression) ? null : $"damaged compressed data ({e.Message}) but problems [{string.Join(", ", read.Problems)}]";
        }

        return plain.Length >= 4 && (plain[0] == 0x1F && plain[1] == 0x8B || BinaryPrimitives.ReadUInt32LittleEndian(plain) == 0xFD2FB528)
            ? null // compressed twice: the reader opens one layer, as Wireshark does; nothing more to model
            : Disagreement(plain, read);
    }

    /// <summary>The offsets where a truncated copy of an intact <paramref name="file"/> ends cleanly (record or block ends).</summary>
    public static HashSet<int> Boundaries(byte[] file)
    {
        var ends = new HashSet<int>();
        if (BinaryPrimitives.ReadUInt32LittleEndian(file) == SectionHeader)
        {
            bool big = false;
            for (int offset = 0; offset + 12 <= file.Length;)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset)) == SectionHeader)
                {
                    big = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 8)) == ByteOrderMagic;
                }

                offset += (int)U32(file, offset + 4, big);
                ends.Add(offset);
            }
        }
        else
        {
            bool big = BinaryPrimitives.ReadUInt32LittleEndian(file) is not (PcapMicroseconds or PcapNanoseconds);
            ends.Add(24);
            for (int offset = 24; offset + 16 <= file.Length;)
            {
                offset += 16 + (int)U32(file, offset + 8, big);
                ends.Add(offset);
            }
        }

        return ends;
    }

    /// <summary>The reserved-bit mask of each option kind, one octet per option octet, from the schema's [ReservedBits].</summary>
    public static byte[] ReservedMask(MptcpOptionKind kind) => Masks.Value[kind];

    /// <summary>
    /// The reserved bits that reading ignores: all of them but those that also tell the variant of a subtype apart
    /// (its own <c>MatchMask</c> of octet 2).
    /// </summary>
    public static byte[] IgnoredMask(MptcpOptionKind kind) => IgnorableMasks.Value[kind];

    private static string? ClassicPcap(byte[] file, CaptureRead read)
    {
        var frames = new List<(long, int)>();
        var problems = new List<(long, CaptureProblemKind)>();
        if (file.Length < 24)
        {
            return Same(read, frames, [(0, CaptureProblemKind.TruncatedFile)]);
        }

        bool big = BinaryPrimitives.ReadUInt32LittleEndian(file) is not (PcapMicroseconds or PcapNanoseconds);
        uint snap = U32(file, 16, big);
        int link = (int)(U32(file, 20, big) & 0xFFFF);
        if (!PacketDecoder.IsSupportedLinkType(link))
        {
            problems.Add((0, CaptureProblemKind.UnsupportedLinkType));
        }

        long limit = snap is 0 or > 262144 ? 262144 : snap;
        for (int offset = 24; offset < file.Length;)
        {
            int remaining = file.Length - offset;
            long captured = remaining >= 16 ? U32(file, offset + 8, big) : 0;
            // As libpcap: above 262144 octets the file is damaged and ends; above the snap length a record is cut to it.
            CaptureProblemKind? problem = remaining < 16 ? CaptureProblemKind.TruncatedRecord
                : captured > 262144 ? CaptureProblemKind.BadRecordLength
                : remaining < 16 + captured ? CaptureProblemKind.TruncatedRecord
                : null;
            if (problem is { } kind)
            {
                problems.Add((offset, kind));
                break;
            }

            if (captured > limit)
            {
                problems.Add((offset, CaptureProblemKind.RecordCutToSnapLength));
            }

            frames.Add((offset, (int)Math.Min(captured, limit)));
            offset += 16 + (int)captured;
        }

        return Same(read, frames, problems);
    }

    private static string? PcapNg(byte[] file, CaptureRead read)
    {
        if (read.Problems.Count > 0)
        {
            return null;
        }

        var packets = new List<long>();
        bool big = false;
        for (int offset = 0; offset < file.Length;)
        {
            if (file.Length - offset < 12)
            {
                return $"no problem reported, yet {file.Length - offset} octets are left at {offset}";
            }

            uint type = U32(file, offset, big);
            if (type == SectionHeader)
            {
                uint order = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset + 8));
                big = order == ByteOrderMagic;
                if (!big && BinaryPrimitives.ReverseEndianness(order) != ByteOrderMagic)
                {
                    return $"no problem reported, yet the section at {offset} has no byte-order magic";
                }
            }

            long total = U32(file, offset + 4, big);
            if (total < 12 || total % 4 != 0 || total > 16 << 20 || offset + total > file.Length || U32(file, offset + (int)total - 4, big) != total)
            {
                return $"no problem reported, yet the block at {offset} is malformed";
            }

            if (type is 2 or 3 or 6)
            {
                packets.Add(offset);
            }

            offset += (int)total;
        }

        return read.Frames.ConvertAll(f => f.Offset) is var offsets && offsets.Count == packets.Count && offsets.TrueForAll(o => packets[offsets.IndexOf(o)] == o)
            ? null
            : $"no problem reported, yet frames at [{string.Join(", ", offsets)}] and packet blocks at [{string.Join(", ", packets)}]";
    }

    private static string? Same(CaptureRead read, List<(long Offset, int Length)> frames, List<(long Offset, CaptureProblemKind Kind)> problems)
    {
        static string Text<T>(List<T> list) => "[" + string.Join(", ", list) + "]";
        if (Text(read.Frames) != Text(frames))
        {
            return $"frames {Text(read.Frames)}, expected {Text(frames)}";
        }

        return Text(read.Problems) == Text(problems) ? null : $"problems {Text(read.Problems)}, expected {Text(problems)}";
    }

    private static uint U32(byte[] file, int offset, bool big) =>
        big ? BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(offset)) : BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset));

    private static Dictionary<MptcpOptionKind, byte[]> LoadMasks(bool ignorableOnly)
    {
        var masks = new Dictionary<MptcpOptionKind, byte[]>();
        foreach (MptcpOptionKind kind in Enum.GetValues<MptcpOptionKind>())
        {
            masks[kind] = new byte[MptcpConstants.MaxTcpOptionSpace];
        }

        foreach (Type type in OptionTypes())
        {
            var kind = Enum.Parse<MptcpOptionKind>(type.Name);
            foreach (ReservedBitsAttribute reserved in type.GetCustomAttributes(typeof(ReservedBitsAttribute), inherit: false))
            {
                masks[kind][reserved.Offset] |= (byte)reserved.Mask;
            }
        }

        foreach ((MptcpOptionKind kind, MptcpOptionAttribute option) in OptionAttributes())
        {
            masks[kind][2] &= (byte)~(ignorableOnly ? option.MatchMask : 0);
        }

        return masks;
    }

    private static IEnumerable<Type> OptionTypes()
    {
        foreach (Type type in typeof(MptcpOption).Assembly.GetTypes())
        {
            if (Enum.TryParse(type.Name, out MptcpOptionKind kind) && kind != MptcpOptionKind.None)
            {
                yield return type;
            }
        }
    }

    private static IEnumerable<(MptcpOptionKind Kind, MptcpOptionAttribute Option)> OptionAttributes()
    {
        foreach (Type type in OptionTypes())
        {
            foreach (MptcpOptionAttribute option in type.GetCustomAttributes(typeof(MptcpOptionAttribute), inherit: false))
            {
                yield return (Enum.Parse<MptcpOptionKind>(type.Name), option);
            }
        }
    }
}
