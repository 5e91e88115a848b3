using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Pairing;

internal sealed partial class PairMatcher
{
    // Each reinjection in the capture of its sender's end: useful when none of the frames it reinjects reached the
    // receiver's capture before it did, redundant when one did, lost when it never arrived itself.
    private void JudgeReinjections()
    {
        for (int capture = 0; capture < 2; capture++)
        {
            List<SegmentRecord> segments = _captures[capture].Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                SegmentRecord s = segments[i];
                int sa = PairedInA(capture, s);
                if (s.ReinjectionOf is null || sa < 0 || SenderCapture(sa, SenderOf(capture, s)) != capture)
                {
                    continue;
                }

                if (_match[capture][i] < 0)
                {
                    _verdict[capture][i] = ReinjectionVerdict.Lost;
                    continue;
                }

                long arrival = Arrival(capture, i);
                bool originalFirst = false;
                foreach (long frame in s.ReinjectionOf)
                {
                    if (_captures[capture].ByFrame.TryGetValue(frame, out int original) && _match[capture][original] >= 0 && Arrival(capture, original) <= arrival)
                    {
                        originalFirst = true;
                    }
                }

                _verdict[capture][i] = originalFirst ? ReinjectionVerdict.Redundant : ReinjectionVerdict.Useful;
            }
        }
    }

    private long Arrival(int capture, int index) => _captures[1 - capture].Segments[_match[capture][index]].Time;

    private ClockEstimate EstimateClock(out long offset)
    {
        long? aToB = null, bToA = null;
        int negative = 0;
        ForEachMatchedSent((capture, i, _) =>
        {
            long delay = Delay(capture, i);
            negative += delay < 0 ? 1 : 0;
            if (capture == 0)
            {
                aToB = Math.Min(aToB ?? long.MaxValue, delay);
            }
            else
            {
                bToA = Math.Min(bToA ?? long.MaxValue, delay);
            }
        });

        long? estimate = aToB is long ab && bToA is long ba ? (ab - ba) / 2 : null;
        bool asymmetric = aToB is long x && bToA is long y && Math.Abs(x - y) > OneMillisecond && Math.Abs(x - y) > Math.Max(x, y) / 2;
        offset = estimate ?? 0;
        return new ClockEstimate(estimate, aToB, bToA, negative, asymmetric);
    }

    // Calls action for each matched segment, from the capture made at its sender's end.
    private void ForEachMatchedSent(Action<int, int, int> action)
    {
        for (int capture = 0; capture < 2; capture++)
        {
            List<SegmentRecord> segments = _captures[capture].Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                int sa = PairedInA(capture, segments[i]);
                if (sa >= 0 && _match[capture][i] >= 0 && SenderCapture(sa, SenderOf(capture, segments[i])) == capture)
                {
                    action(capture, i, sa);
                }
            }
        }
    }

    // Delay as the clocks read, minus the offset for A's sends (B's clock ahead makes them look longer), plus it for B's.
    private static long Correction(int senderCapture, long offset) => senderCapture == 0 ? -offset : offset;

    private List<SubflowDelay> SubflowDelays(long offset)
    {
        var result = new List<SubflowDelay>();
        foreach ((int sa, int sb) in _pairOfA)
        {
            Subflow subflow = a.Subflows[sa].Subflow;
            foreach (bool fromInitiator in new[] { true, false })
            {
                Side sender = fromInitiator ? subflow.InitiatorSide : subflow.InitiatorSide.Other();
                int x = SenderCapture(sa, sender);
                int sx = x == 0 ? sa : sb, sy = x == 0 ? sb : sa;
                CaptureRecording senderSide = _captures[x], receiverSide = _captures[1 - x];
                var delays = new List<long>();
                int sent = 0, seenOnlyAtReceiver = 0, useful = 0, redundant = 0, lost = 0;
                foreach (int i in senderSide.SegmentsOf(sx))
                {
                    if (senderSide.Segments[i].FromInitiator != fromInitiator)
                    {
                        continue;
                    }

                    sent++;
                    if (_match[x][i] >= 0)
                    {
                        delays.Add(Delay(x, i));
                    }

                    useful += _verdict[x][i] == ReinjectionVerdict.Useful ? 1 : 0;
                    redundant += _verdict[x][i] == ReinjectionVerdict.Redundant ? 1 : 0;
                    lost += _verdict[x][i] == ReinjectionVerdict.Lost ? 1 : 0;
                }

                foreach (int j in receiverSide.SegmentsOf(sy))
                {
                    seenOnlyAtReceiver += receiverSide.Segments[j].FromInitiator == fromInitiator && _match[1 - x][j] < 0 ? 1 : 0;
                }

                Subflow own = senderSide.Subflows[sx].Subflow;
                DelayStatistics raw = DelayStatistics.Of(delays);
                result.Add(new SubflowDelay(subflow.Connection?.Number ?? 0, subflow.Number, sender,
                    fromInitiator ? own.Initiator : own.Listener, fromInitiator ? own.Listener : own.Initiator, (PairCapture)x,
                    sent, delays.Count, sent - delays.Count, seenOnlyAtReceiver, raw, raw.Shift(Correction(x, offset)), new ReinjectionTally(useful, redundant, lost)));
            }
        }

        return [.. result.OrderBy(d => d.Connection).ThenBy(d => d.Subflow).ThenBy(d => d.Sender)];
    }

    // Per MPTCP connection and direction: the first send of each DSN in the sender's capture, the first arrival of
    // that octet in the receiver's (any segment whose data covers it, on any subflow), by one pass over both captures
    // that sorts each segment into its direction, then one sweep per direction over both sorted.
    private List<ConnectionDelay> ConnectionDelays(long offset)
    {
        var directions = new Dictionary<(MptcpConnection Connection, Side Sender), DataDirection>();
        for (int capture = 0; capture < 2; capture++)
        {
            List<SegmentRecord> segments = _captures[capture].Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                SegmentRecord s = segments[i];
                int sa = PairedInA(capture, s);
                if (sa < 0 || a.Subflows[sa].Subflow.Connection is not MptcpConnection connection || s.Dsn is not ulong dsn)
                {
                    continue;
                }

                Side sender = SenderOf(capture, s);
                if (!directions.TryGetValue((connection, sender), out DataDirection? d))
                {
                    directions[(connection, sender)] = d = new DataDirection(SenderCapture(sa, sender));
                }

                if (capture == d.SentIn)
                {
                    d.Sends[dsn] = d.Sends.TryGetValue(dsn, out long first) ? Math.Min(first, s.Time) : s.Time;
                    d.Useful += _verdict[capture][i] == ReinjectionVerdict.Useful ? 1 : 0;
                    d.Redundant += _verdict[capture][i] == ReinjectionVerdict.Redundant ? 1 : 0;
                    d.Lost += _verdict[capture][i] == ReinjectionVerdict.Lost ? 1 : 0;
                }
                else
                {
                    d.Arrivals.Add((dsn, dsn + (ulong)s.Length, s.Time));
                }
            }
        }

        var result = new List<ConnectionDelay>(directions.Count);
        foreach (((MptcpConnection connection, Side sender), DataDirection d) in directions.OrderBy(d => d.Key.Connection.Number).ThenBy(d => d.Key.Sender))
        {
            DelayStatistics raw = DelayStatistics.Of(FirstArrivals(d.Sends, d.Arrivals));
            result.Add(new ConnectionDelay(connection.Number, sender, (PairCapture)d.SentIn, d.Sends.Count, raw.Count, raw, raw.Shift(Correction(d.SentIn, offset)),
                new ReinjectionTally(d.Useful, d.Redundant, d.Lost), _ends[connection].From));
        }

        return result;
    }

    // What one data direction of a connection collects: its first sends by DSN, the other end's arrivals, the reinjection verdicts.
    private sealed class DataDirection(int sentIn)
    {
        public int SentIn { get; } = sentIn;

        public Dictionary<ulong, long> Sends { get; } = [];

        public List<(ulong Start, ulong End, long Time)> Arrivals { get; } = [];

        public int Useful { get; set; }

        public int Redundant { get; set; }

        public int Lost { get; set; }
    }

    // For each send, its first arrival minus it: arrivals enter a heap by time as the DSN passes their start and leave once it passes their end.
    private static List<long> FirstArrivals(Dictionary<ulong, long> sends, List<(ulong Start, ulong End, long Time)> arrivals)
    {
        arrivals.Sort((p, q) => p.Start.CompareTo(q.Start));
        var open = new PriorityQueue<(ulong End, long Time), long>();
        var delays = new List<long>(sends.Count);
        int next = 0;
        foreach ((ulong dsn, long sent) in sends.OrderBy(s => s.Key))
        {
            while (next < arrivals.Count && arrivals[next].Start <= dsn)
            {
                open.Enqueue((arrivals[next].End, arrivals[next].Time), arrivals[next].Time);
                next++;
            }

            while (open.TryPeek(out (ulong End, long Time) top, out _) && top.End <= dsn)
            {
                open.Dequeue();
            }

            if (open.TryPeek(out (ulong End, long Time) first, out _))
            {
                delays.Add(first.Time - sent);
            }
        }

        return delays;
    }

    private List<PairedSegment> Segments()
    {
        var result = new List<PairedSegment>(a.Segments.Count + b.Segments.Count / 8);
        for (int capture = 0; capture < 2; capture++)
        {
            List<SegmentRecord> segments = _captures[capture].Segments;
            for (int i = 0; i < segments.Count; i++)
            {
                SegmentRecord s = segments[i];
                int sa = PairedInA(capture, s);
                bool matched = _match[capture][i] >= 0;
                if (sa < 0 || (capture == 1 && matched))
                {
                    continue;
                }

                Side sender = SenderOf(capture, s);
                int x = SenderCapture(sa, sender);
                int senderIndex = matched && x != capture ? _match[capture][i] : i;
                SegmentRecord own = _captures[x == capture || !matched ? capture : x].Segments[senderIndex];
                Subflow ownSubflow = _captures[x == capture || !matched ? capture : x].Subflows[own.Subflow].Subflow;
                Subflow subflowA = a.Subflows[sa].Subflow;
                long? frameA = capture == 0 ? s.Frame : matched ? a.Segments[_match[1][i]].Frame : null;
                long? frameB = capture == 1 ? s.Frame : matched ? b.Segments[_match[0][i]].Frame : null;
                SegmentFate fate = matched ? SegmentFate.Matched : x == capture ? SegmentFate.Lost : SegmentFate.SeenOnlyAtReceiver;
                result.Add(new PairedSegment(subflowA.Connection?.Number ?? 0, subflowA.Number, sender, (PairCapture)x,
                    own.FromInitiator ? ownSubflow.Initiator : ownSubflow.Listener, own.FromInitiator ? ownSubflow.Listener : ownSubflow.Initiator,
                    s.Sequence, s.Acknowledgment, s.Length, frameA, frameB, fate, fate == SegmentFate.SeenOnlyAtReceiver ? null : own.Time,
                    matched ? Delay(x, senderIndex) : null, x == capture ? _verdict[capture][i] : matched ? _verdict[x][senderIndex] : null));
            }
        }

        return result;
    }
}
