using System;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Mptcp.Codec.Crypto;

/// <summary>
/// The HMACs of MP_JOIN (RFC 8684 §3.2) and of the v1 ADD_ADDR (§3.4.1): HMAC-SHA1 for v0,
/// HMAC-SHA256 for v1, keyed by the two 64-bit keys (big-endian) concatenated, sender's first.
/// </summary>
public static class MptcpHmac
{
    private const int KeyPairLength = 2 * sizeof(ulong);

    /// <summary>
    /// The 64-bit truncated HMAC of an MP_JOIN SYN/ACK sent by the listener B:
    /// the leftmost 64 bits of HMAC(Key-B || Key-A, R-B || R-A).
    /// </summary>
    public static ulong JoinSynAck(MptcpVersion version, ulong listenerKey, ulong initiatorKey, uint listenerNonce, uint initiatorNonce)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        JoinHmac(version, listenerKey, initiatorKey, listenerNonce, initiatorNonce, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    /// <summary>
    /// The 160-bit HMAC of an MP_JOIN ACK sent by the initiator A:
    /// the leftmost 160 bits of HMAC(Key-A || Key-B, R-A || R-B).
    /// </summary>
    public static Octets20 JoinAck(MptcpVersion version, ulong initiatorKey, ulong listenerKey, uint initiatorNonce, uint listenerNonce)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        JoinHmac(version, initiatorKey, listenerKey, initiatorNonce, listenerNonce, digest);
        return Octets20.From(digest);
    }

    /// <summary>
    /// The truncated HMAC of a v1 ADD_ADDR: the rightmost 64 bits of
    /// HMAC-SHA256(Key of the announcer || Key of the receiver, Address ID || Address || Port),
    /// where the port takes two octets, zero when the option carries none (as the Linux kernel computes it).
    /// </summary>
    public static ulong AddAddress(ulong announcerKey, ulong receiverKey, byte addressId, MptcpAddress address, ushort port)
    {
        Span<byte> message = stackalloc byte[1 + 16 + sizeof(ushort)];
        message[0] = addressId;
        address.Write(message[1..]);
        int length = 1 + address.Length;
        BinaryPrimitives.WriteUInt16BigEndian(message[length..], port);
        return Sha256Rightmost64(announcerKey, receiverKey, message[..(length + sizeof(ushort))]);
    }

    /// <summary>The rightmost 64 bits of HMAC-SHA256(<paramref name="senderKey"/> || <paramref name="receiverKey"/>, <paramref name="message"/>).</summary>
    public static ulong Sha256Rightmost64(ulong senderKey, ulong receiverKey, ReadOnlySpan<byte> message)
    {
        Span<byte> key = stackalloc byte[KeyPairLength];
        WriteKeys(key, senderKey, receiverKey);
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest[(SHA256.HashSizeInBytes - sizeof(ulong))..]);
    }

    private static void JoinHmac(MptcpVersion version, ulong firstKey, ulong secondKey, uint firstNonce, uint secondNonce, Span<byte> digest)
    {
        Span<byte> key = stackalloc byte[KeyPairLength];
        WriteKeys(key, firstKey, secondKey);
        Span<byte> message = stackalloc byte[2 * sizeof(uint)];
        BinaryPrimitives.WriteUInt32BigEndian(message, firstNonce);
        BinaryPrimitives.WriteUInt32BigEndian(message[sizeof(uint)..], secondNonce);
        if (version == MptcpVersion.V0)
        {
            HMACSHA1.HashData(key, message, digest);
        }
        else
        {
            HMACSHA256.HashData(key, message, digest);
        }
    }

    private static void WriteKeys(Span<byte> destination, ulong first, ulong second)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, first);
        BinaryPrimitives.WriteUInt64BigEndian(destination[sizeof(ulong)..], second);
    }
}
