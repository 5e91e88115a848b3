using System;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mptcp.Codec.Crypto;

/// <summary>The Internet checksum of RFC 1071, fed in pieces of any length (odd ones included). Allocates nothing.</summary>
public struct InternetChecksum
{
    private ulong _sum;
    private bool _odd;

    /// <summary>Adds octets, continuing where the last piece ended.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (_odd)
        {
            _sum += data[0];
            data = data[1..];
            _odd = false;
        }

        if (data.Length >= 2 * Vector128<byte>.Count)
        {
            _sum += SumVectorized(ref data);
        }

        while (data.Length >= 8)
        {
            ulong word = BinaryPrimitives.ReadUInt64BigEndian(data);
            _sum += (word >> 48) + ((word >> 32) & 0xFFFF) + ((word >> 16) & 0xFFFF) + (word & 0xFFFF);
            data = data[8..];
        }

        while (data.Length >= 2)
        {
            _sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (data.Length == 1)
        {
            _sum += (ulong)data[0] << 8;
            _odd = true;
        }
    }

    // The sum of the whole vectors at the start of data (which it advances past them), folded to 16
    // bits, in the big-endian order of the scalar sum. RFC 1071 §2(B): the one's-complement sum is independent of byte
    // order, so the vectors add native little-endian words and the folded result is byte-swapped once at the end.
    // Each 32-bit lane takes the two 16-bit words it holds, at most 2 × 0xFFFF per vector, so it cannot overflow
    // within VectorsPerChunk vectors; chunks are summed into 64 bits. At memory speed: benchmarks/RESULTS.md.
    private static ulong SumVectorized(ref ReadOnlySpan<byte> data)
    {
        ulong total = 0;
        if (Vector256.IsHardwareAccelerated && data.Length >= 2 * Vector256<byte>.Count)
        {
            ReadOnlySpan<Vector256<uint>> vectors = MemoryMarshal.Cast<byte, Vector256<uint>>(data);
            data = data[(vectors.Length * Vector256<byte>.Count)..];
            Vector256<uint> low = Vector256.Create(0xFFFFu);
            while (!vectors.IsEmpty)
            {
                ReadOnlySpan<Vector256<uint>> chunk = vectors[..Math.Min(vectors.Length, VectorsPerChunk)];
                vectors = vectors[chunk.Length..];
                Vector256<uint> a = Vector256<uint>.Zero, b = Vector256<uint>.Zero;
                int i = 0;
                for (; i + 1 < chunk.Length; i += 2)
                {
                    a += (chunk[i] & low) + (chunk[i] >> 16);
                    b += (chunk[i + 1] & low) + (chunk[i + 1] >> 16);
                }

                if (i < chunk.Length)
                {
                    a += (chunk[i] & low) + (chunk[i] >> 16);
                }

                total += Widen(a.GetLower()) + Widen(a.GetUpper()) + Widen(b.GetLower()) + Widen(b.GetUpper());
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector128<uint>> vectors = MemoryMarshal.Cast<byte, Vector128<uint>>(data);
            data = data[(vectors.Length * Vector128<byte>.Count)..];
            Vector128<uint> low = Vector128.Create(0xFFFFu);
            while (!vectors.IsEmpty)
            {
                ReadOnlySpan<Vector128<uint>> chunk = vectors[..Math.Min(vectors.Length, VectorsPerChunk)];
                vectors = vectors[chunk.Length..];
                Vector128<uint> a = Vector128<uint>.Zero;
                foreach (Vector128<uint> v in chunk)
                {
                    a += (v & low) + (v >> 16);
                }

                total += Widen(a);
            }
        }
        else
        {
            return 0;
        }

        while ((total >> 16) != 0)
        {
            total = (total & 0xFFFF) + (total >> 16);
        }

        // The vectors read words little-endian: swap the folded sum into network order (RFC 1071 §2(B)).
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness((ushort)total) : total;
    }

    private const int VectorsPerChunk = 32_768;

    private static ulong Widen(Vector128<uint> v) => (ulong)v[0] + v[1] + v[2] + v[3];

    /// <summary>Adds a 16-bit word (at an even position, as pseudo-header fields are).</summary>
    public void Add(ushort word) => _sum += word;

    /// <summary>The one's-complement of the folded sum.</summary>
    public readonly ushort Result
    {
        get
        {
            ulong sum = _sum;
            while ((sum >> 16) != 0)
            {
                sum = (sum & 0xFFFF) + (sum >> 16);
            }

            return (ushort)~sum;
        }
    }
}
