using System;

namespace Mptcp.Codec.Capture;

// What a pcapng Interface Description Block says about the packets of its interface.
internal readonly record struct PcapNgInterface(int LinkType, uint SnapLength, TimestampScale Clock)
{
    // Octets before the options: link type, reserved, snap length.
    public const int FixedLength = 8;

    private const ushort EndOfOptions = 0;
    private const ushort TimestampResolution = 9;
    private const ushort TimestampOffset = 14;
    private const byte Microseconds = 6;

    // Reads a block body of at least FixedLength octets; malformed options end the option list.
    public static PcapNgInterface Read(ReadOnlySpan<byte> body, bool bigEndian)
    {
        byte resolution = Microseconds;
        long offsetSeconds = 0;
        ReadOnlySpan<byte> options = body[FixedLength..];
        while (options.Length >= 4)
        {
            ushort code = Endian.UInt16(options, bigEndian);
            int length = Endian.UInt16(options[2..], bigEndian);
            if (code == EndOfOptions || length > options.Length - 4)
            {
                break;
            }

            ReadOnlySpan<byte> value = options.Slice(4, length);
            if (code == TimestampResolution && length >= 1)
            {
                resolution = value[0];
            }
            else if (code == TimestampOffset && length >= 8)
            {
                offsetSeconds = Endian.Int64(value, bigEndian);
            }

            options = options[Math.Min(options.Length, 4 + ((length + 3) & ~3))..];
        }

        return new PcapNgInterface(Endian.UInt16(body, bigEndian), Endian.UInt32(body[4..], bigEndian), new TimestampScale(resolution, offsetSeconds));
    }
}
