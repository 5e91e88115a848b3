using System;

namespace Mptcp.Codec.Capture;

/// <summary>
/// Turns a pcapng interface's timestamp ticks into nanoseconds since the epoch: if_tsresol (option 9) gives a
/// tick of 10^-n seconds or, with its high bit set, 2^-n seconds (10^-6 without it); if_tsoffset (option 14)
/// adds whole seconds.
/// </summary>
internal readonly struct TimestampScale
{
    private const ulong NanosecondsPerSecond = 1_000_000_000;

    private readonly int _shift;
    private readonly ulong _multiplier;
    private readonly ulong _divisor;
    private readonly long _offsetNanoseconds;

    public TimestampScale(byte resolution, long offsetSeconds)
    {
        int exponent = resolution & 0x7F;
        bool binary = (resolution & 0x80) != 0;
        _shift = binary ? exponent : -1;
        _multiplier = binary || exponent > 9 ? 1 : Power10(9 - exponent);
        _divisor = binary || exponent <= 9 ? 1 : exponent - 9 > 19 ? ulong.MaxValue : Power10(exponent - 9);
        _offsetNanoseconds = offsetSeconds * (long)NanosecondsPerSecond;
    }

    public long ToNanoseconds(ulong ticks) => _offsetNanoseconds + (long)(_shift >= 0
        ? (ulong)(((UInt128)ticks * NanosecondsPerSecond) >> _shift)
        : ticks * _multiplier / _divisor);

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
