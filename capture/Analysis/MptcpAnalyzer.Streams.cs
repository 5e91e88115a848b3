using System.Collections.Generic;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Capture.Analysis;

// Wireshark's mptcp.stream allocation, option by option in frame order (docs/research/wireshark-mptcp-analysis.md §4).
public sealed partial class MptcpAnalyzer
{
    private readonly StreamTable _streams = new();

    /// <summary>MPTCP streams numbered: every connection attempt that showed a key, a join or an option of a later subtype, as Wireshark counts them.</summary>
    public int StreamCount => _streams.Count;

    // The option's part in numbering: a key or a join token finds or starts the subflow's stream; any other form starts one if it has none.
    private void NumberStream(Subflow subflow, in MptcpOption option)
    {
        if (option.TryGet(out MpCapableOption capable))
        {
            if (capable.HasSenderKey)
            {
                Key(subflow, capable.Version, capable.SenderKey);
            }

            if (capable.HasReceiverKey)
            {
                Key(subflow, capable.Version, capable.ReceiverKey);
            }
        }
        else if (option.TryGet(out MpJoinSynOption join))
        {
            StreamRecord? named = _streams.FindToken(join.ReceiverToken);
            if (named is not null && !ReferenceEquals(named, subflow.Stream))
            {
                Attach(subflow, named); // a join SYN after options that started a stream in advance: it is the token's
            }
            else if (subflow.Stream is null)
            {
                Attach(subflow, _streams.Allocate());
                _streams.RegisterJoinToken(subflow.Stream!, join.ReceiverToken);
            }
        }
        else if (subflow.Stream is null)
        {
            Attach(subflow, _streams.Allocate()); // the handshake is not in the capture
        }
    }

    // The MPTCP options that could not be decoded still number as their subtype would (a DSS of a wrong length is a DSS).
    private void NumberStream(Subflow subflow, System.ReadOnlySpan<byte> option)
    {
        int subtype = option.Length > 2 ? option[2] >> 4 : -1;
        if (subflow.Stream is null && (subtype >= 2 || (subtype == 1 && option[1] is 16 or 24)))
        {
            Attach(subflow, _streams.Allocate());
        }
    }

    private void Key(Subflow subflow, byte version, ulong key)
    {
        if (subflow.Stream is null)
        {
            Attach(subflow, _streams.FindKey(version, key) ?? _streams.Allocate());
        }

        subflow.Keyed = true;
        _streams.RegisterKey(subflow.Stream!, version, key);
    }

    private static void Attach(Subflow subflow, StreamRecord stream)
    {
        if (subflow.Stream is StreamRecord earlier)
        {
            earlier.LiveSubflows--;
        }

        subflow.Stream = stream;
        stream.LiveSubflows++;
        if (subflow.Connection is { MptcpStream: null } connection)
        {
            // Refused at a keyless v1 SYN/ACK, numbered at a later key (the SYN/ACK's option was lost or stripped).
            connection.MptcpStream = stream.Number;
            stream.Connection ??= connection;
        }
    }

    // A subflow left the flow table without a connection: its stream goes with its last subflow.
    private void Release(Subflow subflow)
    {
        if (subflow.Stream is not StreamRecord stream || subflow.Connection is not null)
        {
            return;
        }

        if (subflow.Waiting is { } node)
        {
            stream.WaitingJoins?.Remove(node);
            subflow.Waiting = null;
        }
        if (--stream.LiveSubflows == 0 && stream.Connection is null)
        {
            _streams.Forget(stream);
        }
    }

    // A new connection takes its stream's number, and the joins that were waiting for it.
    private void Claim(Subflow subflow, MptcpConnection connection)
    {
        if (subflow.Stream is not StreamRecord stream)
        {
            return;
        }

        connection.MptcpStream = stream.Number;
        stream.Connection ??= connection;
        if (stream.WaitingJoins is not { } waiting || !ReferenceEquals(stream.Connection, connection))
        {
            return;
        }

        stream.WaitingJoins = null;
        foreach (Subflow join in waiting)
        {
            join.Waiting = null;
            if (join.Connection is null && join.JoinToken is uint token && (token == connection.ServerToken || token == connection.ClientToken))
            {
                join.InitiatorSide = token == connection.ServerToken ? Side.Client : Side.Server;
                join.PendingFindings?.RemoveAll(finding => finding.Kind == FindingKind.UnknownToken);
                connection.Add(join);
            }
        }
    }

    // At the end: joins whose token no handshake of the capture gave (it started after them, or a join flood) are one
    // connection per token, as Wireshark groups them, without keys. Bounded by the pending subflows still held. Joins
    // of an attempt whose keys were seen but whose handshake never completed stay outside any connection, as the
    // attempt does.
    private void ListPartialConnections()
    {
        var partial = new SortedDictionary<int, StreamRecord>();
        foreach (Subflow subflow in _subflows.Values)
        {
            if (subflow is { Connection: null, Waiting: not null, Stream: { Connection: null, Keyed: false } stream })
            {
                partial.TryAdd(stream.Number, stream);
            }
        }

        foreach (StreamRecord stream in partial.Values)
        {
            var connection = new MptcpConnection(_connections.Count + 1, MptcpVersion.V1, 0, 0, _keepData)
            {
                KeysKnown = false,
                HandshakeSeen = false,
                MptcpStream = stream.Number,
            };
            stream.Connection = connection;
            _connections.Add(connection);
            foreach (Subflow join in stream.WaitingJoins!)
            {
                join.Waiting = null;
                connection.Add(join);
            }

            stream.WaitingJoins = null;
        }
    }
}
