using System;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Capture.Analysis;

public sealed partial class MptcpAnalyzer
{
    private void Dss(long frame, Subflow subflow, bool fromInitiator, DssOption dss)
    {
        MptcpConnection? connection = subflow.Connection;
        Side sender = subflow.SideOf(fromInitiator);
        if (dss.DataAckPresent && connection is not null)
        {
            // The ack covers the other side's stream.
            Side other = sender.Other();
            ulong ack = dss.GetDataAck(connection.LastDsn[(int)other]);
            DataStream stream = connection.Stream(other);
            long relative = (long)(ack - (connection.Idsn(other) + 1));
            stream.HighestDataAck = Math.Max(stream.HighestDataAck ?? relative, relative);
            if (stream.Rtt.Acknowledged(relative, _time) is >= 0 and long rtt)
            {
                _onRtt?.Invoke(new RttSample(subflow, other, _time, rtt, DataLevel: true));
            }
            _dataLevel = _dataLevel with { Ack = ack - connection.Idsn(other) };
            connection.InFlight[(int)other]?.Acknowledge(ack);
        }

        if (!dss.MappingPresent)
        {
            return;
        }

        if (dss.DataFin || dss.DataLevelLength == 0)
        {
            connection?.Add(new ConnectionEvent(frame, sender, ConnectionEvent.KindOf(dss), dss, default));
        }

        if (connection is null)
        {
            StartMapping(subflow, fromInitiator, dss.DataSequenceNumber, dss.SubflowSequenceNumber, dss.DataLevelLength, dss.DataFin, dss.HasChecksum, dss.Checksum);
            return;
        }

        if (dss.DataLevelLength == 0)
        {
            connection.FellBack = true; // The infinite mapping.
            Report(subflow, fromInitiator, FindingKind.InfiniteMapping);
            return;
        }

        if (dss.HasChecksum != connection.ChecksumRequested)
        {
            Report(subflow, fromInitiator, dss.HasChecksum ? FindingKind.UnexpectedChecksum : FindingKind.MissingChecksum);
        }

        int side = (int)sender;
        ulong dsn = dss.GetDataSequenceNumber(connection.LastDsn[side]);
        connection.LastDsn[side] = dsn;
        if (!connection.FirstMappingSeen[side])
        {
            // The sender's first octet (subflow sequence 1 of the initial subflow) carries DSN IDSN + 1. A first mapping
            // seen elsewhere means the capture missed the start (or the data went on a join first): the capture
            // cannot tell what the DSN should be, so it is left unverifiable rather than failed.
            connection.FirstMappingSeen[side] = true;
            ulong expected = connection.Idsn(sender) + 1;
            bool atStart = !subflow.IsJoin && dss.SubflowSequenceNumber == 1 && connection.KeysKnown;
            Record(subflow, CheckKind.Idsn, !atStart ? CheckOutcome.Unverifiable
                : Outcome(dss.DataSequenceNumberIs8Octets ? dsn == expected : (uint)dsn == (uint)expected));
        }

        if (dss.DataFin)
        {
            connection.Stream(sender).DataFinSeen = true;
        }

        StartMapping(subflow, fromInitiator, dsn, dss.SubflowSequenceNumber, dss.DataLevelLength, dss.DataFin, dss.HasChecksum, dss.Checksum);
    }

    private void StartMapping(Subflow subflow, bool fromInitiator, ulong dsn, uint subflowSequence, ushort dataLevelLength, bool dataFin, bool hasChecksum, ushort checksum)
    {
        int direction = fromInitiator ? 0 : 1;
        if (subflow.Mappings[direction] is { Pending: true } previous)
        {
            previous.Pending = false;
            Record(subflow, CheckKind.DssChecksum, CheckOutcome.Unverifiable);
        }

        CheckMapping(subflow, fromInitiator, subflow.Mappings[direction], dsn, subflowSequence, dataLevelLength - (dataFin ? 1 : 0));
        Mapping mapping = subflow.Mappings[direction] ??= new Mapping();
        mapping.Reset(dsn, subflowSequence, dataLevelLength, dataFin, checksum);
        mapping.Frame = _frame;
        if (!hasChecksum)
        {
            return;
        }

        // Without the connection's keys the 64-bit DSN is unknown; without the ISN the data cannot be placed.
        if (subflow.Connection is null || subflow.Isn(fromInitiator) is null)
        {
            Record(subflow, CheckKind.DssChecksum, CheckOutcome.Unverifiable);
            return;
        }

        mapping.Pending = true;
        FinishIfComplete(subflow, mapping);
    }

    private void Payload(Subflow subflow, bool fromInitiator, uint sequence, ReadOnlySpan<byte> captured, int length)
    {
        if (fromInitiator)
        {
            subflow.InitiatorBytes += length;
        }
        else
        {
            subflow.ListenerBytes += length;
        }

        if (subflow.Isn(fromInitiator) is not uint isn)
        {
            return;
        }

        uint relative = sequence - isn;
        bool retransmission = subflow.Traffic(fromInitiator).Sent(relative, length, _time);
        Mapping? current = subflow.Mappings[fromInitiator ? 0 : 1];
        CheckMapped(subflow, fromInitiator, current, relative);
        if (current is not Mapping mapping)
        {
            return;
        }

        if (mapping.Pending)
        {
            // Where, in this segment, the next octet the checksum needs lies (if it does).
            uint skip = mapping.SubflowSequenceNumber + (uint)mapping.Collected - relative;
            if (skip < (uint)length)
            {
                int take = skip < (uint)captured.Length ? Math.Min(captured.Length - (int)skip, mapping.PayloadLength - mapping.Collected) : 0;
                mapping.Checksum.Append(captured.Slice((int)Math.Min(skip, (uint)captured.Length), take));
                mapping.Collected += take;
                if (!mapping.Complete && (int)skip + take < length)
                {
                    mapping.Pending = false; // The snap length cut the data.
                    Record(subflow, CheckKind.DssChecksum, CheckOutcome.Unverifiable);
                }

                FinishIfComplete(subflow, mapping);
            }
        }

        DataLevel(subflow, fromInitiator, mapping, relative, length, retransmission);
        Reassemble(subflow, fromInitiator, mapping, relative, captured);
    }

    private void FinishIfComplete(Subflow subflow, Mapping mapping)
    {
        if (mapping.Pending && mapping.Complete)
        {
            mapping.Pending = false;
            Record(subflow, CheckKind.DssChecksum, Outcome(mapping.Checksum.Result == mapping.ExpectedChecksum));
        }
    }

    private void Reassemble(Subflow subflow, bool fromInitiator, Mapping mapping, uint relative, ReadOnlySpan<byte> captured)
    {
        if (subflow.Connection is not MptcpConnection connection)
        {
            return;
        }

        // The part of the segment inside the mapping goes to DSN mapping.DSN + (its offset in the mapping).
        long offsetInMapping = (int)(relative - mapping.SubflowSequenceNumber);
        long skip = Math.Max(0, -offsetInMapping);
        long first = Math.Max(0, offsetInMapping);
        long count = Math.Min(captured.Length - skip, mapping.PayloadLength - first);
        if (count <= 0)
        {
            return;
        }

        Side sender = subflow.SideOf(fromInitiator);
        ulong dsn = mapping.DataSequenceNumber + (ulong)first;
        DataStream stream = connection.Stream(sender);
        long offset = (long)(dsn - (connection.Idsn(sender) + 1));
        long fresh = stream.Write(offset, captured.Slice((int)skip, (int)count));
        subflow.Traffic(fromInitiator).FirstDeliveredOctets += fresh;

        // Karn's rule at the data level: octets sent again (a reinjection, a retransmission) are not sampled.
        if (fresh == count)
        {
            stream.Rtt.Sent(offset + count, _time);
        }
        else
        {
            stream.Rtt.SentAgain();
        }
    }

    // The DSN of the segment's first octet, when its mapping covers it (Wireshark's rawdsn64, dsn, related_mapping).
    private void DataLevel(Subflow subflow, bool fromInitiator, Mapping mapping, uint relative, int length, bool retransmission)
    {
        uint offset = relative - mapping.SubflowSequenceNumber;
        if (subflow.Connection is not MptcpConnection connection || offset >= (uint)mapping.PayloadLength)
        {
            return;
        }

        Side sender = subflow.SideOf(fromInitiator);
        ulong dsn = mapping.DataSequenceNumber + offset;
        ulong end = dsn + (ulong)Math.Min(length, mapping.PayloadLength - (int)offset);
        if (_findReinjections)
        {
            (connection.InFlight[(int)sender] ??= new ReinjectionIndex()).Add(dsn, end, _frame, subflow, _reinjectionOf);
            foreach (long original in _reinjectionOf)
            {
                connection.Add(new Reinjection(original, _frame, sender));
            }

            // Wireshark's lists name the other subflows' frames of a TCP retransmission too; the metric counts only data
            // a subflow sends for the first time that another had carried: the MPTCP-level re-sends.
            connection.ReinjectingFrames += _reinjectionOf.Count > 0 ? 1 : 0;
            if (_reinjectionOf.Count > 0 && !retransmission)
            {
                SubflowTraffic traffic = subflow.Traffic(fromInitiator);
                traffic.ReinjectedSegments++;
                traffic.ReinjectedOctets += (long)(end - dsn);
                connection.MptcpResends++;
            }
        }

        _dataLevel = _dataLevel with
        {
            RawDsn64 = dsn,
            Dsn = dsn - connection.Idsn(sender),
            RelatedMapping = mapping.Frame,
            ReinjectionOf = _reinjectionOf.Count == 0 ? null : _reinjectionOf[0],
        };
    }
}
