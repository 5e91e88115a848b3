using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Pairing;

/// <summary>
/// One-way delays summarised, in nanoseconds. Median and 99th percentile are by nearest rank (the value at rank
/// ⌈p·n⌉ of the sorted delays), so every figure is a delay that was measured. All zero when <see cref="Count"/> is 0.
/// </summary>
/// <param name="Count">How many delays.</param>
/// <param name="MinNanoseconds">The smallest.</param>
/// <param name="MeanNanoseconds">The arithmetic mean, rounded toward zero.</param>
/// <param name="MedianNanoseconds">The 50th percentile.</param>
/// <param name="P99Nanoseconds">The 99th percentile.</param>
/// <param name="MaxNanoseconds">The largest.</param>
public readonly record struct DelayStatistics(int Count, long MinNanoseconds, long MeanNanoseconds, long MedianNanoseconds, long P99Nanoseconds, long MaxNanoseconds)
{
    // The statistics of delays, which is sorted in place.
    internal static DelayStatistics Of(List<long> delays)
    {
        if (delays.Count == 0)
        {
            return default;
        }

        delays.Sort();
        Int128 sum = 0;
        foreach (long d in delays)
        {
            sum += d;
        }

        return new DelayStatistics(delays.Count, delays[0], (long)(sum / delays.Count), Rank(delays, 50), Rank(delays, 99), delays[^1]);
    }

    // The same delays, each plus nanoseconds.
    internal DelayStatistics Shift(long nanoseconds) => Count == 0 ? this
        : new(Count, MinNanoseconds + nanoseconds, MeanNanoseconds + nanoseconds, MedianNanoseconds + nanoseconds, P99Nanoseconds + nanoseconds, MaxNanoseconds + nanoseconds);

    private static long Rank(List<long> sorted, int percent) => sorted[Math.Max(0, (int)Math.Ceiling(sorted.Count * percent / 100.0) - 1)];
}
