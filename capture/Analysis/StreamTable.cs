using System.Collections.Generic;
using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Capture.Analysis;

// Hands out MPTCP stream numbers the way Wireshark numbers mptcp.stream, and owns the key and token tables
// that group subflows under them. A stream is allocated for a subflow that has none at the first option that names
// or implies a connection: a key not seen before (the v0 SYN, the v1 SYN/ACK, or the third ACK when those are
// missing), a join SYN whose token is new, or any other MP_JOIN form or a later subtype (the handshake is not in the
// capture). Every attempt counts, answered or not, so the numbers match what a Wireshark user filters on. Tokens are
// known as soon as their key is seen, so a join that comes before its connection's third ACK in the file (captures
// merged from several interfaces) still finds it.
// Cost: a key is hashed into its token only when a join asks for a token the table does not hold yet (or when joins
// of unknown tokens wait for theirs), so a flood of SYNs that no join names costs a table entry each, not a SHA.
// Bounded: a stream whose subflows have all been evicted, and which never became a connection, leaves the tables
// (its number is not reused), so they follow the pending-subflow bound, whatever the number of attempts.
internal sealed class StreamTable
{
    private readonly Dictionary<ulong, StreamRecord> _byKey = [];
    private readonly Dictionary<uint, StreamRecord> _byToken = [];
    private readonly Queue<StreamRecord> _unhashed = new();
    private int _joinTokens;

    // Streams numbered so far (the next stream's number).
    public int Count { get; private set; }

    // A new stream, numbered next.
    public StreamRecord Allocate() => new(Count++);

    // The stream a join's token names, if it is known: every key seen so far is hashed first.
    public StreamRecord? FindToken(uint token)
    {
        if (!_byToken.TryGetValue(token, out StreamRecord? stream) && _unhashed.Count > 0)
        {
            HashWaitingKeys();
            stream = _byToken.GetValueOrDefault(token);
        }

        return stream;
    }

    // The stream a key belongs to: the same key seen before, or a join that named its token earlier in the file.
    public StreamRecord? FindKey(byte version, ulong key) =>
        _byKey.TryGetValue(key, out StreamRecord? stream) ? stream
        : _joinTokens > 0 ? _byToken.GetValueOrDefault(Token(version, key))
        : null;

    // Enters a key for stream (its token is worked out when a join needs it).
    public void RegisterKey(StreamRecord stream, byte version, ulong key)
    {
        if (!stream.TryAddKey(version, key) || !_byKey.TryAdd(key, stream))
        {
            return;
        }

        // The queue follows the streams that may still go: those evicted since leave it, and a connection (which
        // stays) is hashed when it reaches the front, so that it holds no flood behind it.
        while (_unhashed.TryPeek(out StreamRecord? oldest) && (oldest.Forgotten || oldest.Connection is not null))
        {
            _unhashed.Dequeue();
            oldest.QueuedForHashing = false;
            Hash(oldest);
        }

        if (!stream.QueuedForHashing)
        {
            stream.QueuedForHashing = true;
            _unhashed.Enqueue(stream);
        }
    }

    // Enters the token a join named for the stream it started.
    public void RegisterJoinToken(StreamRecord stream, uint token)
    {
        if (stream.TryAddToken(token) && _byToken.TryAdd(token, stream))
        {
            stream.JoinTokens++;
            _joinTokens++;
        }
    }

    // Removes a stream's keys and tokens (its subflows are gone and it never became a connection).
    public void Forget(StreamRecord stream)
    {
        stream.Forgotten = true;
        for (int i = 0; i < stream.KeyCount; i++)
        {
            Remove(_byKey, stream.Key(i), stream);
        }

        for (int i = 0; i < stream.TokenCount; i++)
        {
            Remove(_byToken, stream.Token(i), stream);
        }

        _joinTokens -= stream.JoinTokens;
        stream.JoinTokens = 0;
    }

    private void HashWaitingKeys()
    {
        while (_unhashed.TryDequeue(out StreamRecord? stream))
        {
            stream.QueuedForHashing = false;
            Hash(stream);
        }
    }

    private void Hash(StreamRecord stream)
    {
        for (int i = stream.HashedKeys; i < stream.KeyCount && !stream.Forgotten; i++)
        {
            uint token = Token(stream.KeyVersion(i), stream.Key(i));
            if (stream.TryAddToken(token))
            {
                _byToken.TryAdd(token, stream);
            }
        }

        stream.HashedKeys = stream.KeyCount;
    }

    // Wireshark hashes with the option's version; keys of another version all get token 0.
    private static uint Token(byte version, ulong key) =>
        version switch { 0 => MptcpKeys.Token(key, MptcpVersion.V0), 1 => MptcpKeys.Token(key, MptcpVersion.V1), _ => 0 };

    private static void Remove<TKey>(Dictionary<TKey, StreamRecord> table, TKey key, StreamRecord stream)
        where TKey : notnull
    {
        if (table.TryGetValue(key, out StreamRecord? owner) && ReferenceEquals(owner, stream))
        {
            table.Remove(key);
        }
    }
}
