using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mptcp.Codec.Crypto;

/// <summary>
/// Key derivations of RFC 6824 §3.1 and RFC 8684 §3.1: the hash of a 64-bit key (big-endian) gives the
/// token (its most significant 32 bits) and the initial data sequence number (its least significant 64 bits).
/// </summary>
public static class MptcpKeys
{
    /// <summary>The 32-bit token that identifies a connection to the holder of <paramref name="key"/>'s peer.</summary>
    public static uint Token(ulong key, MptcpVersion version)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        int length = HashKey(key, version, digest);
        return BinaryPrimitives.ReadUInt32BigEndian(digest[..length]);
    }

    /// <summary>The initial data sequence number of the side that owns <paramref name="key"/>.</summary>
    public static ulong InitialDataSequenceNumber(ulong key, MptcpVersion version)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        int length = HashKey(key, version, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest.Slice(length - sizeof(ulong)));
    }

    private static int HashKey(ulong key, MptcpVersion version, Span<byte> digest)
    {
        Span<byte> keyBytes = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(keyBytes, key);
        return version == MptcpVersion.V0
            ? SHA1.HashData(keyBytes, digest)
            : SHA256.HashData(keyBytes, digest);
    }
}
