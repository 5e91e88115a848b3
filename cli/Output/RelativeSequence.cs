using System.Collections.Generic;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Output;

/// <summary>
/// tcpdump's relative sequence numbers: from a connection's first acknowledging segment on, seq and ack are printed
/// relative to the initial numbers of each direction. State per flow, so it runs in capture order (on the reading
/// thread), before the line is formatted.
/// </summary>
internal sealed class RelativeSequence
{
    private readonly Dictionary<FlowKey, (uint BaseSeq, uint BaseAck)> _bases = [];

    /// <summary>The segment's seq and ack as tcpdump prints them.</summary>
    public (uint Seq, uint Ack) Of(in TcpSegment segment)
    {
        uint seq = segment.SequenceNumber;
        uint ack = segment.AcknowledgmentNumber;
        if (!segment.Ack)
        {
            return (seq, ack);
        }

        var source = new Endpoint(segment.Source, segment.SourcePort);
        var destination = new Endpoint(segment.Destination, segment.DestinationPort);
        bool reversed = segment.SourcePort > segment.DestinationPort ||
            (segment.SourcePort == segment.DestinationPort && Endpoint.Compare(source with { Port = 0 }, destination with { Port = 0 }) > 0);
        var key = new FlowKey(source, destination);
        if (segment.Syn || !_bases.TryGetValue(key, out (uint BaseSeq, uint BaseAck) bases))
        {
            _bases[key] = reversed ? (unchecked(ack - 1), seq) : (seq, unchecked(ack - 1));
            return (seq, ack);
        }

        return reversed
            ? (unchecked(seq - bases.BaseAck), unchecked(ack - bases.BaseSeq))
            : (unchecked(seq - bases.BaseSeq), unchecked(ack - bases.BaseAck));
    }
}
