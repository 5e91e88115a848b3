using System;

namespace Mptcp.Codec.Capture;

// Turns a pcapng interface's timestamp ticks into nanoseconds since the epoch: if_tsresol (option 9) gives a
// tick of 10^-n seconds or, with its high bit set, 2^-n seconds (10^-6 without it); if_tsoffset (option 14)
// adds whole seconds.
internal readonly struct TimestampScale
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    private readonly int _shift;
    private readonly ulong _multiplier;
    private readonly ulong _divisor;
    private readonly Int128 _offsetNanoseconds;

    public TimestampScale(byte resolution, long offsetSeconds)
    {
        int exponent = resolution & 0x7F;
        bool binary = (resolution & 0x80) != 0;
        _shift = binary ? exponent : -1;
        _multiplier = binary || exponent > 9 ? 1 : Power10(9 - exponent);
        _divisor = binary || exponent <= 9 ? 1 : exponent - 9 > 19 ? ulong.MaxValue : Power10(exponent - 9);
        _offsetNanoseconds = (Int128)offsetSeconds * NanosecondsPerSecond;
    }

    // The ticks in nanoseconds since the epoch, computed without overflow; false when the instant lies beyond what 64
    // bits of nanoseconds hold (before 1677 or after 2262, a damaged timestamp in practice), which is then clamped.
    public bool TryToNanoseconds(ulong ticks, out long nanoseconds)
    {
        Int128 total = _offsetNanoseconds + (Int128)(_shift >= 0
            ? ((UInt128)ticks * NanosecondsPerSecond) >> _shift
            : (UInt128)ticks * _multiplier / _divisor);
        nanoseconds = (long)Int128.Clamp(total, long.MinValue, long.MaxValue);
        return total == nanoseconds;
    }

    private static ulong Power10(int exponent)
    {
        ulong power = 1;
        for (int i = 0; i < exponent; i++)
        {
            power *= 10;
        }

        return power;
    }
}
