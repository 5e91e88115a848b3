using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// Damages a classic pcap file the way a security-minded user does: bit flips, inserted and removed octets, cuts at
/// record boundaries, record lengths out of range, TCP option lengths of 0, 1, 255 and one off, MPTCP subtypes and
/// lengths changed, IP and TCP length fields made inconsistent, and the whole gzip-compressed then cut or damaged.
/// Deterministic from the seed.
/// </summary>
internal sealed class CaptureMutator
{
    private const int FileHeader = 24;
    private const int RecordHeader = 16;

    private readonly byte[] _original;
    private readonly int _linkType;
    private readonly List<(int Offset, int Length)> _records = [];
    private readonly List<(int Offset, int Length)> _optionBlocks = [];
    private readonly List<(int Ip, int Tcp)> _headers = [];

    public CaptureMutator(byte[] pcap)
    {
        _original = pcap;
        _linkType = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(20));
        for (int at = FileHeader; at + RecordHeader <= pcap.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(pcap.AsSpan(at + 8));
            if (length < 0 || at + RecordHeader + length > pcap.Length)
            {
                break;
            }

            _records.Add((at, length));
            ReadOnlySpan<byte> frame = pcap.AsSpan(at + RecordHeader, length);
            if (PacketDecoder.TryDecodeTcp(_linkType, frame, out TcpSegment segment, out _))
            {
                int tcp = at + RecordHeader + Locate(frame, segment.TcpHeader);
                _headers.Add((tcp - segment.IPHeader.Length, tcp));
                if (segment.Options.Length > 0)
                {
                    _optionBlocks.Add((tcp + 20, segment.Options.Length));
                }
            }

            at += RecordHeader + length;
        }
    }

    /// <summary>Kinds of damage, one of which each case applies (a few cases apply two).</summary>
    public static readonly string[] Kinds =
    [
        "bit-flip", "octet", "insert", "remove", "cut-at-record", "cut-anywhere", "record-length", "option-length",
        "mptcp-subtype", "mptcp-length", "ip-length", "tcp-offset", "gzip-cut", "gzip-damage", "two",
    ];

    /// <summary>Case <paramref name="index"/> of the campaign seeded by <paramref name="seed"/>: its kind and its octets.</summary>
    public (string Kind, byte[] Bytes) Mutate(int seed, int index)
    {
        var random = new Random(HashCode.Combine(seed, index));
        string kind = Kinds[index % Kinds.Length];
        // Two: a structured damage (its offsets are the original's), then an octet-level one on top.
        byte[] bytes = kind == "two" ? Apply(Apply((byte[])_original.Clone(), Kinds[random.Next(6, 12)], random), Kinds[random.Next(6)], random)
            : Apply((byte[])_original.Clone(), kind, random);
        return (kind, bytes);
    }

    private byte[] Apply(byte[] bytes, string kind, Random random)
    {
        switch (kind)
        {
            case "bit-flip":
                for (int i = random.Next(1, 4); i > 0; i--)
                {
                    int at = random.Next(bytes.Length);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case "octet":
                bytes[random.Next(bytes.Length)] = Edge(random);
                return bytes;
            case "insert":
            {
                int at = random.Next(bytes.Length + 1);
                byte[] inserted = new byte[random.Next(1, 9)];
                random.NextBytes(inserted);
                return [.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)];
            }
            case "remove":
            {
                int at = random.Next(bytes.Length);
                int count = Math.Min(random.Next(1, 9), bytes.Length - at);
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + count)];
            }
            case "cut-at-record":
            {
                if (_records.Count == 0)
                {
                    return bytes[..Math.Min(bytes.Length, random.Next(FileHeader + 1))];
                }

                (int offset, int length) = _records[random.Next(_records.Count)];
                int[] cuts = [offset, offset + 1, offset + RecordHeader - 1, offset + RecordHeader, offset + RecordHeader + length / 2, offset + RecordHeader + length - 1];
                return bytes[..Math.Min(bytes.Length, cuts[random.Next(cuts.Length)])];
            }
            case "cut-anywhere":
                return bytes[..random.Next(bytes.Length)];
            case "record-length" when _records.Count > 0:
            {
                (int offset, int length) = _records[random.Next(_records.Count)];
                uint[] lengths = [0, 1, (uint)length - 1, (uint)length + 1, 65535, 262145, uint.MaxValue, 0x80000000];
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + 8 + 4 * random.Next(2)), lengths[random.Next(lengths.Length)]);
                return bytes;
            }
            case "option-length" when _optionBlocks.Count > 0:
            {
                (int offset, int length) = _optionBlocks[random.Next(_optionBlocks.Count)];
                int at = OptionLengthOctet(bytes, offset, length, random);
                if (at >= 0)
                {
                    byte[] lengths = [0, 1, 2, 255, (byte)(bytes[at] - 1), (byte)(bytes[at] + 1), (byte)random.Next(256)];
                    bytes[at] = lengths[random.Next(lengths.Length)];
                }

                return bytes;
            }
            case "mptcp-subtype" or "mptcp-length" when _optionBlocks.Count > 0:
            {
                (int offset, int length) = _optionBlocks[random.Next(_optionBlocks.Count)];
                int mptcp = bytes.AsSpan(offset, length).IndexOf((byte)30);
                if (mptcp >= 0 && mptcp + 2 < length)
                {
                    int at = offset + mptcp;
                    if (kind == "mptcp-subtype")
                    {
                        bytes[at + 2] = (byte)((random.Next(16) << 4) | (bytes[at + 2] & 0x0F));
                    }
                    else
                    {
                        bytes[at + 1] = (byte)random.Next(41);
                    }
                }

                return bytes;
            }
            case "ip-length" when _headers.Count > 0:
            {
                (int ip, _) = _headers[random.Next(_headers.Count)];
                bool v6 = bytes[ip] >> 4 == 6;
                ushort[] lengths = [0, 1, 19, 20, 40, 41, 60, 0xFFFF, (ushort)random.Next(65536)];
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(v6 ? ip + 4 : ip + 2), lengths[random.Next(lengths.Length)]);
                return bytes;
            }
            case "tcp-offset" when _headers.Count > 0:
            {
                (_, int tcp) = _headers[random.Next(_headers.Count)];
                bytes[tcp + 12] = (byte)((random.Next(16) << 4) | (bytes[tcp + 12] & 0x0F));
                return bytes;
            }
            case "gzip-cut" or "gzip-damage":
            {
                byte[] compressed = Gzip(bytes);
                if (kind == "gzip-cut")
                {
                    return compressed[..random.Next(compressed.Length)];
                }

                compressed[random.Next(10, compressed.Length)] ^= (byte)(1 + random.Next(255));
                return compressed;
            }
            default:
                bytes[random.Next(bytes.Length)] ^= 0xFF;
                return bytes;
        }
    }

    /// <summary>The length octet of a random option of the block (not a NOP or EOL), or -1.</summary>
    private static int OptionLengthOctet(byte[] bytes, int offset, int length, Random random)
    {
        var lengths = new List<int>();
        for (int at = 0; at + 1 < length;)
        {
            byte kind = bytes[offset + at];
            if (kind == 0)
            {
                break;
            }

            if (kind == 1)
            {
                at++;
                continue;
            }

            lengths.Add(offset + at + 1);
            int step = bytes[offset + at + 1];
            if (step < 2)
            {
                break;
            }

            at += step;
        }

        return lengths.Count == 0 ? -1 : lengths[random.Next(lengths.Count)];
    }

    private static byte Edge(Random random)
    {
        byte[] edges = [0, 1, 2, 0x7F, 0x80, 0xFE, 0xFF];
        return edges[random.Next(edges.Length)];
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static int Locate(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> part)
    {
        // The decoder's spans point into the frame: their distance is the offset.
        return (int)System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(frame), ref System.Runtime.InteropServices.MemoryMarshal.GetReference(part));
    }
}
