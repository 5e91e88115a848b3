using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// Hands out MPTCP stream numbers the way Wireshark numbers <c>mptcp.stream</c>, and owns the token table that groups
/// subflows under them. A stream is allocated for a subflow that has none at the first option that names or implies a
/// connection: a key whose token is new (the v0 SYN, the v1 SYN/ACK, or the third ACK when those are missing), a join
/// SYN whose token is new, or any other MP_JOIN form or a later subtype (the handshake is not in the capture). Every
/// attempt counts, answered or not, so the numbers match what a Wireshark user filters on. Tokens are registered as
/// soon as their key is seen, so a join that comes before its connection's third ACK in the file (captures merged
/// from several interfaces) still finds it.
/// Bounded: a stream whose subflows have all been evicted, and which never became a connection, leaves the table
/// (its number is not reused); so the table follows the pending-subflow bound, whatever the number of attempts.
/// </summary>
internal sealed class StreamTable
{
    private readonly Dictionary<uint, StreamRecord> _byToken = [];

    /// <summary>Streams numbered so far (the next stream's number).</summary>
    public int Count { get; private set; }

    /// <summary>Tokens in the table now.</summary>
    public int Tokens => _byToken.Count;

    /// <summary>A new stream, numbered next.</summary>
    public StreamRecord Allocate() => new(Count++);

    /// <summary>The stream a token belongs to, if it is known.</summary>
    public StreamRecord? Find(uint token) => _byToken.GetValueOrDefault(token);

    /// <summary>Enters <paramref name="token"/> for <paramref name="stream"/> unless the token is known already or the stream holds both of its ends' tokens.</summary>
    public void Register(StreamRecord stream, uint token)
    {
        if (stream.TokenCount < 2 && _byToken.TryAdd(token, stream))
        {
            stream.AddToken(token);
        }
    }

    /// <summary>Removes a stream's tokens (its subflows are gone and it never became a connection).</summary>
    public void Forget(StreamRecord stream)
    {
        for (int i = 0; i < stream.TokenCount; i++)
        {
            uint token = stream.Token(i);
            if (_byToken.TryGetValue(token, out StreamRecord? owner) && ReferenceEquals(owner, stream))
            {
                _byToken.Remove(token);
            }
        }
    }
}

/// <summary>One numbered MPTCP stream: the connection it became, if it did, and the joins waiting for it.</summary>
internal sealed class StreamRecord(int number)
{
    private uint _token0;
    private uint _token1;

    /// <summary>Wireshark's <c>mptcp.stream</c>, 0-based.</summary>
    public int Number { get; } = number;

    /// <summary>The connection, once both keys (or a refusal) made it one.</summary>
    public MptcpConnection? Connection { get; set; }

    /// <summary>Joins that named this stream's token before it became a connection, in frame order.</summary>
    public LinkedList<Subflow>? WaitingJoins { get; set; }

    /// <summary>True once an MP_CAPABLE key named the stream (its handshake is at least partly in the capture).</summary>
    public bool Keyed { get; set; }

    /// <summary>Subflows of this stream still in the flow table.</summary>
    public int LiveSubflows { get; set; }

    public int TokenCount { get; private set; }

    public uint Token(int index) => index == 0 ? _token0 : _token1;

    public void AddToken(uint token)
    {
        if (TokenCount == 0)
        {
            _token0 = token;
        }
        else
        {
            _token1 = token;
        }

        TokenCount++;
    }
}
