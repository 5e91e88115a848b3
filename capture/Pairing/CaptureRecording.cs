using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO.Hashing;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Pairing;

// One capture of a pair, read once through the analysis: a SegmentRecord per TCP segment and a
// SubflowRecord per subflow. It holds the whole capture's segments (about 70 bytes each), since a
// segment of one capture can be matched only once the other has been read.
internal sealed class CaptureRecording : IPacketObserver
{
    private readonly Dictionary<Subflow, int> _index = new(ReferenceEqualityComparer.Instance);

    public List<SegmentRecord> Segments { get; } = [];

    public List<SubflowRecord> Subflows { get; } = [];

    private readonly List<List<int>> _bySubflow = [];

    // The indices in Segments of one subflow's segments, in capture order.
    public IReadOnlyList<int> SegmentsOf(int subflow) => _bySubflow[subflow];

    // Frame number to index in Segments.
    public Dictionary<long, int> ByFrame { get; } = [];

    public AnalysisResult? Result { get; private set; }

    public static CaptureRecording Read(CaptureReader reader)
    {
        var recording = new CaptureRecording();
        recording.Result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false }, ref recording);
        return recording;
    }

    public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
    {
        if (!packet.IsTcp || packet.Subflow is not Subflow subflow)
        {
            return;
        }

        TcpSegment segment = packet.Segment;
        if (!_index.TryGetValue(subflow, out int index))
        {
            index = Subflows.Count;
            _index.Add(subflow, index);
            Subflows.Add(new SubflowRecord(subflow));
            _bySubflow.Add([]);
        }

        bool fromInitiator = segment.Source == subflow.Initiator.Address && segment.SourcePort == subflow.Initiator.Port;
        SubflowRecord record = Subflows[index];
        if (segment.Syn && !segment.Ack && fromInitiator && record.InitiatorIsn is null)
        {
            record.InitiatorIsn = segment.SequenceNumber;
            record.SynTime = frame.TimestampNanoseconds;
        }
        else if (segment.Syn && segment.Ack && !fromInitiator && record.ListenerIsn is null)
        {
            record.ListenerIsn = segment.SequenceNumber;
            record.SynAckTime = frame.TimestampNanoseconds;
        }

        ByFrame[frame.FrameNumber] = Segments.Count;
        _bySubflow[index].Add(Segments.Count);
        Segments.Add(new SegmentRecord
        {
            Frame = frame.FrameNumber,
            Time = frame.TimestampNanoseconds,
            Subflow = index,
            FromInitiator = fromInitiator,
            Sequence = segment.SequenceNumber,
            Acknowledgment = segment.AcknowledgmentNumber,
            Flags = segment.Flags,
            Length = segment.PayloadLength,
            PayloadHash = XxHash3.HashToUInt64(segment.Payload),
            IpId = segment.IsIPv6 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(segment.IPHeader[4..]),
            TsVal = TsVal(segment.Options),
            Dsn = segment.PayloadLength > 0 ? packet.DataLevel.RawDsn64 : null,
            ReinjectionOf = packet.ReinjectionOf.IsEmpty ? null : packet.ReinjectionOf.ToArray(),
        });
    }

    private static uint TsVal(ReadOnlySpan<byte> options)
    {
        foreach (TcpOption option in new TcpOptionWalker(options))
        {
            if (option.Kind == 8 && option.Bytes.Length >= 10)
            {
                return BinaryPrimitives.ReadUInt32BigEndian(option.Bytes[2..]);
            }
        }

        return 0;
    }
}
