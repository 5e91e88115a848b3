using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Tests.Support;

/// <summary>
/// Damaged copies of a capture, made the ways files are damaged in practice: flipped bits, a file cut short, a record
/// or block whose length field is wrong, a pcapng block of a wrong type. Deterministic for a seed, so a failing variant
/// can be made again from its number.
/// </summary>
internal static class Damage
{
    public enum Kind
    {
        FlippedBits,
        Cut,
        BadLength,
        BadBlockType,
    }

    /// <summary>Variant <paramref name="number"/> of <paramref name="capture"/>, and what was done to it.</summary>
    public static (byte[] Bytes, string What) Variant(byte[] capture, int number)
    {
        var random = new Random(number * 7919 + capture.Length);
        byte[] copy = (byte[])capture.Clone();
        List<(int Offset, int Length)> records = Records(capture);
        var kind = (Kind)(number % 4);
        if (kind == Kind.BadBlockType && !IsPcapNg(capture))
        {
            kind = Kind.FlippedBits;
        }

        switch (kind)
        {
            case Kind.FlippedBits:
            {
                int flips = 1 + random.Next(4);
                var what = new List<string>();
                for (int i = 0; i < flips; i++)
                {
                    int bit = random.Next(copy.Length * 8);
                    copy[bit / 8] ^= (byte)(1 << (bit % 8));
                    what.Add($"bit {bit % 8} of octet {bit / 8}");
                }

                return (copy, "flipped " + string.Join(", ", what));
            }

            case Kind.Cut:
            {
                int length = random.Next(copy.Length);
                return (copy[..length], $"cut to {length} octets");
            }

            case Kind.BadLength:
            {
                (int offset, int recordLength) = records[random.Next(records.Count)];

                // classic pcap: captured length (8) or original length (12) of the record header; pcapng: the block's
                // total length (4), its trailer, or an Enhanced Packet Block's captured (20) or original (24) length.
                int[] fields = IsPcapNg(capture) ? [4, recordLength - 4, 20, 24] : [8, 12];
                int field = offset + fields[random.Next(fields.Length)];
                uint value = random.Next(3) switch
                {
                    0 => (uint)random.Next(0, 80),
                    1 => (uint)random.Next(0, 70_000),
                    _ => (uint)random.NextInt64(0, 1L << 32),
                };
                bool bigEndian = BigEndian(capture, offset);
                if (field + 4 > copy.Length)
                {
                    return (copy, "unchanged");
                }

                if (bigEndian)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(field), value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(field), value);
                }

                return (copy, $"length field at octet {field} set to {value}");
            }

            default:
            {
                (int offset, _) = records[random.Next(records.Count)];
                uint[] types = [0, 1, 2, 3, 4, 5, 6, 7, 0x0A0D0D0A, 0xBAD, 0x40000BAD, (uint)random.NextInt64(0, 1L << 32)];
                uint type = types[random.Next(types.Length)];
                if (BigEndian(capture, offset))
                {
                    BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(offset), type);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), type);
                }

                return (copy, $"block at octet {offset} given type 0x{type:x}");
            }
        }
    }

    private static bool IsPcapNg(byte[] capture) => BinaryPrimitives.ReadUInt32LittleEndian(capture) == 0x0A0D0D0A;

    /// <summary>Whether the section (pcapng) or file (pcap) holding <paramref name="offset"/> is big-endian.</summary>
    private static bool BigEndian(byte[] capture, int offset)
    {
        if (!IsPcapNg(capture))
        {
            return BinaryPrimitives.ReadUInt32LittleEndian(capture) is 0xD4C3B2A1 or 0x4D3CB2A1;
        }

        bool big = false;
        foreach ((int at, _) in Records(capture))
        {
            if (at > offset)
            {
                break;
            }

            if (BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(at)) == 0x0A0D0D0A)
            {
                big = BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(at + 8)) == 0x4D3C2B1A;
            }
        }

        return big;
    }

    /// <summary>(offset, length) of each record (pcap, after the file header) or block (pcapng) of an undamaged capture.</summary>
    private static List<(int, int)> Records(byte[] capture)
    {
        var records = new List<(int, int)>();
        if (IsPcapNg(capture))
        {
            bool big = false;
            for (int offset = 0; offset + 12 <= capture.Length;)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(offset)) == 0x0A0D0D0A)
                {
                    big = BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(offset + 8)) == 0x4D3C2B1A;
                }

                int length = (int)(big ? BinaryPrimitives.ReadUInt32BigEndian(capture.AsSpan(offset + 4)) : BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(offset + 4)));
                records.Add((offset, length));
                offset += length;
            }

            return records;
        }

        bool bigEndian = BigEndian(capture, 0);
        for (int offset = 24; offset + 16 <= capture.Length;)
        {
            int length = 16 + (int)(bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(capture.AsSpan(offset + 8)) : BinaryPrimitives.ReadUInt32LittleEndian(capture.AsSpan(offset + 8)));
            records.Add((offset, length));
            offset += length;
        }

        return records;
    }
}
