using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Crypto;

/// <summary>
/// The DSS checksum of RFC 8684 §3.3.1: the Internet checksum (RFC 1071) over a pseudo-header of the
/// full 64-bit data sequence number, the 32-bit relative subflow sequence number, the data-level length
/// and a zero checksum field, followed by the mapping's data. Feed data in pieces with
/// <see cref="Append"/> when a mapping spans several segments.
/// </summary>
public struct DssChecksum
{
    private ulong _sum;
    private bool _odd;

    /// <summary>Starts a checksum over the pseudo-header of a mapping.</summary>
    public DssChecksum(ulong dataSequenceNumber, uint subflowSequenceNumber, ushort dataLevelLength)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(header, dataSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], subflowSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], dataLevelLength);
        header[14] = 0;
        header[15] = 0;
        _sum = 0;
        _odd = false;
        Append(header);
    }

    /// <summary>The checksum of one mapping whose data is all in <paramref name="data"/>.</summary>
    public static ushort Compute(ulong dataSequenceNumber, uint subflowSequenceNumber, ushort dataLevelLength, ReadOnlySpan<byte> data)
    {
        var checksum = new DssChecksum(dataSequenceNumber, subflowSequenceNumber, dataLevelLength);
        checksum.Append(data);
        return checksum.Result;
    }

    /// <summary>Adds the next piece of the mapping's data (pieces may have odd lengths).</summary>
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

    /// <summary>The one's-complement checksum of everything appended so far.</summary>
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
