using System;
using System.Buffers.Binary;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Mptcp.Codec.Generated;

/// <summary>
/// Big-endian reads at an offset from a reference, for generated readers: no bounds checks, so callers must have
/// checked that the option's length lies within the span (the generated code does, before any field is read).
/// Not for use by hand: public only because generated code in other assemblies calls it (as the BCL's generator helpers).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Wire
{
    /// <summary>
    /// <c>TryWrite</c>'s answer from <c>Write</c>'s status, as .NET's <c>Try</c> methods answer: true when written, false
    /// when the destination is too small. An invalid value is not a <c>Try</c> method's to report: it throws, naming
    /// the member <c>Validate</c> refuses.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not valid.</exception>
    public static bool Written(MptcpStatus status, string option, string? field) => status switch
    {
        MptcpStatus.Ok => true,
        MptcpStatus.DestinationTooSmall => false,
        _ => throw new InvalidOperationException($"cannot write {option}: {status}{(field is null ? string.Empty : $" ({field})")}; Validate says so before writing"),
    };

    /// <summary>Reads 2 octets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort ReadUInt16(ref byte start, int offset)
    {
        ushort value = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    /// <summary>Reads 4 octets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint ReadUInt32(ref byte start, int offset)
    {
        uint value = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    /// <summary>Reads 8 octets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt64(ref byte start, int offset)
    {
        ulong value = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, offset));
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value;
    }

    /// <summary>Reads 4 or 8 octets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadUInt(ref byte start, int offset, int width) =>
        width == 8 ? ReadUInt64(ref start, offset) : ReadUInt32(ref start, offset);

    /// <summary>Reads the 20 octets of an MP_JOIN ACK HMAC.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Octets20 ReadOctets20(ref byte start, int offset) =>
        Unsafe.ReadUnaligned<Octets20>(ref Unsafe.Add(ref start, offset));

    /// <summary>Reads an IPv4 (<paramref name="width"/> 4) or IPv6 (16) address.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static MptcpAddress ReadAddress(ref byte start, int offset, int width)
    {
        if (width != 16)
        {
            return MptcpAddress.FromIPv4(ReadUInt32(ref start, offset));
        }

        UInt128 value = Unsafe.ReadUnaligned<UInt128>(ref Unsafe.Add(ref start, offset));
        return MptcpAddress.FromIPv6(BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(value) : value);
    }
}
