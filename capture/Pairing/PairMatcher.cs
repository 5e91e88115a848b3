using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Pairing;

// Matches two CaptureRecordings: pairs their subflows, then their segments, tells which capture was
// made at which end, and measures. Every step is a hash lookup or a sort: O(n log n) in the segments of both.
internal sealed partial class PairMatcher(CaptureRecording a, CaptureRecording b)
{
    private const long OneMillisecond = 1_000_000;

    private readonly CaptureRecording[] _captures = [a, b];
    private readonly int[][] _match = [Filled(a.Segments.Count), Filled(b.Segments.Count)];
    private readonly ReinjectionVerdict?[][] _verdict = [new ReinjectionVerdict?[a.Segments.Count], new ReinjectionVerdict?[b.Segments.Count]];
    private readonly Dictionary<int, int> _pairOfA = [];
    private readonly Dictionary<int, int> _pairOfB = [];
    private readonly Dictionary<object, (bool AAtClient, EndsInferredFrom From)> _ends = new(ReferenceEqualityComparer.Instance);

    public PairResult Run()
    {
        PairSubflows();
        foreach ((int sa, int sb) in _pairOfA)
        {
            MatchSegments(sa, sb);
        }

        TellEnds();
        JudgeReinjections();
        ClockEstimate clock = EstimateClock(out long offset);
        List<SubflowDelay> subflows = SubflowDelays(offset);
        List<ConnectionDelay> connections = ConnectionDelays(offset);
        int unpaired = a.Subflows.Count - _pairOfA.Count + b.Subflows.Count - _pairOfB.Count;
        return new PairResult(a.Result!, b.Result!, Segments(), subflows, connections, clock, unpaired);
    }

    private static int[] Filled(int count)
    {
        int[] array = new int[count];
        Array.Fill(array, -1);
        return array;
    }

    // By both ISNs first (NAT-proof), then by endpoints for subflows whose handshake one capture missed.
    private void PairSubflows()
    {
        var byIsn = new Dictionary<(uint, uint), int>();
        var byEndpoints = new Dictionary<(Endpoint, Endpoint), int>();
        for (int i = 0; i < b.Subflows.Count; i++)
        {
            SubflowRecord s = b.Subflows[i];
            if (s.InitiatorIsn is uint ii && s.ListenerIsn is uint li)
            {
                byIsn.TryAdd((ii, li), i);
            }
        }

        for (int i = 0; i < a.Subflows.Count; i++)
        {
            SubflowRecord s = a.Subflows[i];
            if (s.InitiatorIsn is uint ii && s.ListenerIsn is uint li && byIsn.TryGetValue((ii, li), out int j) && !_pairOfB.ContainsKey(j))
            {
                Pair(i, j);
            }
        }

        for (int i = 0; i < b.Subflows.Count; i++)
        {
            if (!_pairOfB.ContainsKey(i))
            {
                byEndpoints.TryAdd((b.Subflows[i].Subflow.Initiator, b.Subflows[i].Subflow.Listener), i);
            }
        }

        for (int i = 0; i < a.Subflows.Count; i++)
        {
            Subflow s = a.Subflows[i].Subflow;
            if (!_pairOfA.ContainsKey(i) && byEndpoints.TryGetValue((s.Initiator, s.Listener), out int j) && !_pairOfB.ContainsKey(j))
            {
                Pair(i, j);
            }
        }
    }

    private void Pair(int sa, int sb)
    {
        _pairOfA[sa] = sb;
        _pairOfB[sb] = sa;
    }

    private void MatchSegments(int sa, int sb)
    {
        var waiting = new Dictionary<SegmentKey, Queue<int>>();
        List<SegmentRecord> inB = b.Segments;
        foreach (int j in b.SegmentsOf(sb))
        {
            SegmentKey key = SegmentKey.Of(inB[j]);
            if (!waiting.TryGetValue(key, out Queue<int>? queue))
            {
                waiting[key] = queue = new Queue<int>();
            }

            queue.Enqueue(j);
        }

        foreach (int i in a.SegmentsOf(sa))
        {
            if (waiting.TryGetValue(SegmentKey.Of(a.Segments[i]), out Queue<int>? queue) && queue.TryDequeue(out int j))
            {
                _match[0][i] = j;
                _match[1][j] = i;
            }
        }
    }

    // The connection (or, for plain TCP, the subflow) a paired subflow of capture A belongs to.
    private object GroupOf(int sa) => (object?)a.Subflows[sa].Subflow.Connection ?? a.Subflows[sa];

    // Per connection: a vote per subflow whose handshake both captures saw; without one, the delays' sign.
    private void TellEnds()
    {
        var votes = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        foreach ((int sa, int sb) in _pairOfA)
        {
            object group = GroupOf(sa);
            votes.TryAdd(group, 0);
            if (a.Subflows[sa].HandshakeGap is long gapA && b.Subflows[sb].HandshakeGap is long gapB && gapA != gapB)
            {
                bool aAtInitiator = gapA > gapB;
                bool aAtClient = aAtInitiator == (a.Subflows[sa].Subflow.InitiatorSide == Side.Client);
                votes[group] += aAtClient ? 1 : -1;
            }
        }

        Dictionary<object, List<long>> differences = TimestampDifferences(votes.Where(v => v.Value == 0).Select(v => v.Key));
        foreach ((object group, int vote) in votes)
        {
            _ends[group] = vote != 0 ? (vote > 0, EndsInferredFrom.Handshake) : (FromTimestamps(differences[group]), EndsInferredFrom.Timestamps);
        }
    }

    // For the groups without a handshake in both captures, in one pass over capture A: each matched segment's B time
    // minus A time, negated for the server's segments, so that a positive median says A is at the client.
    private Dictionary<object, List<long>> TimestampDifferences(IEnumerable<object> groups)
    {
        var differences = new Dictionary<object, List<long>>(ReferenceEqualityComparer.Instance);
        foreach (object group in groups)
        {
            differences[group] = [];
        }

        for (int i = 0; differences.Count > 0 && i < a.Segments.Count; i++)
        {
            SegmentRecord s = a.Segments[i];
            if (_match[0][i] >= 0 && differences.TryGetValue(GroupOf(s.Subflow), out List<long>? list))
            {
                long bMinusA = b.Segments[_match[0][i]].Time - s.Time;
                list.Add(SenderOf(0, s) == Side.Client ? bMinusA : -bMinusA);
            }
        }

        return differences;
    }

    // A at the client when the client's segments were seen in A before B (by the median difference; no match: A).
    private static bool FromTimestamps(List<long> differences)
    {
        differences.Sort();
        return differences.Count == 0 || differences[differences.Count / 2] >= 0;
    }

    private Side SenderOf(int capture, in SegmentRecord s)
    {
        Subflow subflow = _captures[capture].Subflows[s.Subflow].Subflow;
        return s.FromInitiator ? subflow.InitiatorSide : subflow.InitiatorSide.Other();
    }

    // The capture of a pair made at sender's end of sa's connection.
    private int SenderCapture(int sa, Side sender) => (sender == Side.Client) == _ends[GroupOf(sa)].AAtClient ? 0 : 1;

    // The subflow of capture A a segment of capture belongs to, or -1 when unpaired.
    private int PairedInA(int capture, in SegmentRecord s) => capture == 0 ? (_pairOfA.ContainsKey(s.Subflow) ? s.Subflow : -1) : _pairOfB.GetValueOrDefault(s.Subflow, -1);

    // Receiver's time minus sender's for a matched segment of the sender's capture.
    private long Delay(int senderCapture, int index)
    {
        int other = _match[senderCapture][index];
        return _captures[1 - senderCapture].Segments[other].Time - _captures[senderCapture].Segments[index].Time;
    }

    private readonly record struct SegmentKey(bool FromInitiator, uint Sequence, uint Acknowledgment, byte Flags, int Length, ulong PayloadHash, ushort IpId, uint TsVal)
    {
        public static SegmentKey Of(in SegmentRecord s) => new(s.FromInitiator, s.Sequence, s.Acknowledgment, s.Flags, s.Length, s.PayloadHash, s.IpId, s.TsVal);
    }
}
