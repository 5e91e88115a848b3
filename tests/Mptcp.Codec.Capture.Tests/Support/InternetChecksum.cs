using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Capture.Tests.Support;

/// <summary>The Internet checksum (RFC 1071): a region that carries its own correct checksum sums to 0xFFFF.</summary>
internal static class InternetChecksum
{
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
        }

        return data.Length % 2 == 0 ? sum : sum + (uint)(data[^1] << 8);
    }

    public static ushort Fold(uint sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }
}
