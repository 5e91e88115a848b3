using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// Round-trip times seen in a capture: from a segment (or a data-level range) to the first acknowledgment that covers
/// it, as the capture point sees them. Karn's rule: a range sent again is not sampled, since the acknowledgment could
/// be for either copy. At most <see cref="MaxOutstanding"/> ranges wait for their acknowledgment (the oldest go first),
/// so the cost is bounded by the data in flight, not the capture.
/// </summary>
public sealed class RttEstimator
{
    /// <summary>The most ranges awaiting their acknowledgment.</summary>
    public const int MaxOutstanding = 4096;

    private Queue<(long End, long SentNanoseconds)>? _outstanding;

    internal RttEstimator()
    {
    }
    private long _sumNanoseconds;

    /// <summary>Round trips measured.</summary>
    public long Samples { get; private set; }

    /// <summary>The shortest, in nanoseconds (0 without samples).</summary>
    public long MinNanoseconds { get; private set; }

    /// <summary>The longest, in nanoseconds (0 without samples).</summary>
    public long MaxNanoseconds { get; private set; }

    /// <summary>The mean, in nanoseconds (0 without samples).</summary>
    public long MeanNanoseconds => Samples == 0 ? 0 : _sumNanoseconds / Samples;

    // A range ending at end (in the sender's sequence space, unwrapped) left at time.
    internal void Sent(long end, long time)
    {
        _outstanding ??= new Queue<(long, long)>();
        if (_outstanding.Count == MaxOutstanding)
        {
            _outstanding.Dequeue();
        }

        _outstanding.Enqueue((end, time));
    }

    // Karn's rule: what is outstanding was (or may have been) sent again; none of it is sampled.
    internal void SentAgain() => _outstanding?.Clear();

    // An acknowledgment of everything below acknowledged at time: one sample, from
    // the latest range it covers; returns it in nanoseconds, or -1 when the acknowledgment gave none.
    internal long Acknowledged(long acknowledged, long time)
    {
        long? sent = null;
        while (_outstanding is { Count: > 0 } && _outstanding.Peek().End <= acknowledged)
        {
            sent = _outstanding.Dequeue().SentNanoseconds;
        }

        if (sent is long at && time >= at && time != 0)
        {
            long rtt = time - at;
            MinNanoseconds = Samples == 0 ? rtt : Math.Min(MinNanoseconds, rtt);
            MaxNanoseconds = Math.Max(MaxNanoseconds, rtt);
            _sumNanoseconds += rtt;
            Samples++;
            return rtt;
        }

        return -1;
    }
}
