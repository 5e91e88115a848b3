using System;
using System.Buffers.Binary;

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
