using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Mptcp.Codec;

/// <summary>An IPv4 or IPv6 address held by value (no allocation), as ADD_ADDR carries it.</summary>
public readonly record struct MptcpAddress
{
    private readonly UInt128 _value;

    private MptcpAddress(UInt128 value, bool isIPv6)
    {
        _value = value;
        IsIPv6 = isIPv6;
    }

    /// <summary>True for IPv6 (16 octets), false for IPv4 (4 octets).</summary>
    public bool IsIPv6 { get; }

    /// <summary>Octets on the wire: 4 or 16.</summary>
    public int Length => IsIPv6 ? 16 : 4;

    /// <summary>The IPv4 address as a big-endian number (zero for IPv6).</summary>
    public uint IPv4 => IsIPv6 ? 0 : (uint)_value;

    /// <summary>The IPv6 address as a big-endian number (zero for IPv4).</summary>
    public UInt128 IPv6 => IsIPv6 ? _value : UInt128.Zero;

    /// <summary>An IPv4 address from its big-endian number (192.168.0.28 is 0xC0A8001C).</summary>
    public static MptcpAddress FromIPv4(uint address) => new(address, false);

    /// <summary>An IPv6 address from its big-endian number.</summary>
    public static MptcpAddress FromIPv6(UInt128 address) => new(address, true);

    /// <summary>Reads 4 or 16 octets.</summary>
    public static MptcpAddress Read(ReadOnlySpan<byte> source, int length) => length == 16
        ? FromIPv6(BinaryPrimitives.ReadUInt128BigEndian(source))
        : FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(source));

    /// <summary>Writes the address's 4 or 16 octets.</summary>
    public void Write(Span<byte> destination)
    {
        if (IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(destination, _value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_value);
        }
    }

    /// <summary>Converts from <see cref="IPAddress"/>.</summary>
    public static MptcpAddress From(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out int written);
        return Read(bytes, written);
    }

    /// <summary>Converts to <see cref="IPAddress"/> (allocates).</summary>
    public IPAddress ToIPAddress()
    {
        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        return new IPAddress(bytes[..Length]);
    }

    /// <summary>Writes the address's text (dotted quad, or RFC 5952 for IPv6, as inet_ntop does) without allocating.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        if (!IsIPv6)
        {
            return TryFormatIPv4((uint)_value, destination, out charsWritten);
        }

        Span<byte> bytes = stackalloc byte[16];
        Write(bytes);
        if (bytes[..10].IndexOfAnyExcept((byte)0) < 0 && bytes[10] == 0xFF && bytes[11] == 0xFF)
        {
            // IPv4-mapped: ::ffff:a.b.c.d
            return destination.TryWrite(CultureInfo.InvariantCulture, $"::ffff:{bytes[12]}.{bytes[13]}.{bytes[14]}.{bytes[15]}", out charsWritten);
        }

        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt16BigEndian(bytes[(2 * i)..]);
        }

        // The longest run of two or more zero groups (the first of equals) becomes "::".
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < 8;)
        {
            int j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }

            if (j - i > bestLength)
            {
                bestStart = i;
                bestLength = j - i;
            }

            i = j == i ? i + 1 : j;
        }

        charsWritten = 0;
        for (int i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                if (!"::".TryCopyTo(destination[charsWritten..]))
                {
                    return false;
                }

                charsWritten += 2;
                i += bestLength - 1;
                continue;
            }

            bool separator = i > 0 && i != bestStart + bestLength;
            if (!destination[charsWritten..].TryWrite(CultureInfo.InvariantCulture, $"{(separator ? ":" : string.Empty)}{groups[i]:x}", out int n))
            {
                return false;
            }

            charsWritten += n;
        }

        return true;
    }

    // Dotted decimal, digit by digit: listing millions of packets formats two addresses each (issue 17).
    private static bool TryFormatIPv4(uint value, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        if (destination.Length < 15)
        {
            return destination.TryWrite(CultureInfo.InvariantCulture, $"{value >> 24}.{(value >> 16) & 0xFF}.{(value >> 8) & 0xFF}.{value & 0xFF}", out charsWritten);
        }

        int n = 0;
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            uint octet = (value >> shift) & 0xFF;
            if (octet >= 100)
            {
                destination[n++] = (char)('0' + (octet / 100));
                octet %= 100;
                destination[n++] = (char)('0' + (octet / 10));
            }
            else if (octet >= 10)
            {
                destination[n++] = (char)('0' + (octet / 10));
            }

            destination[n++] = (char)('0' + (octet % 10));
            if (shift > 0)
            {
                destination[n++] = '.';
            }
        }

        charsWritten = n;
        return true;
    }

    /// <summary>The address in its usual text form (dotted quad, or RFC 5952 for IPv6).</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[48];
        return TryFormat(text, out int written) ? new string(text[..written]) : ToIPAddress().ToString();
    }
}
