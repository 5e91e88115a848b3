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
    private InternetChecksum _sum;

    /// <summary>Starts a checksum over the pseudo-header of a mapping.</summary>
    public DssChecksum(ulong dataSequenceNumber, uint subflowSequenceNumber, ushort dataLevelLength)
    {
        Span<byte> header = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(header, dataSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(header[8..], subflowSequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(header[12..], dataLevelLength);
        header[14..].Clear();
        _sum = default;
        _sum.Append(header);
    }

    /// <summary>The checksum of one mapping whose data is all in <paramref name="data"/>.</summary>
    public static ushort Compute(ulong dataSequenceNumber, uint subflowSequenceNumber, ushort dataLevelLength, ReadOnlySpan<byte> data)
    {
        var checksum = new DssChecksum(dataSequenceNumber, subflowSequenceNumber, dataLevelLength);
        checksum.Append(data);
        return checksum.Result;
    }

    /// <summary>Adds the next piece of the mapping's data (pieces may have odd lengths).</summary>
    public void Append(ReadOnlySpan<byte> data) => _sum.Append(data);

    /// <summary>The one's-complement checksum of everything appended so far.</summary>
    public readonly ushort Result => _sum.Result;
}
