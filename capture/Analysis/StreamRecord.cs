using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

// One numbered MPTCP stream: its keys and tokens, the connection it became, and the joins waiting for it.
internal sealed class StreamRecord(int number)
{
    // Both ends' keys, and up to three tokens (both keys' and the one a join named first): a few fields, no arrays,
    // because a SYN flood makes one of these per SYN.
    private ulong _key0;
    private ulong _key1;
    private byte _version0;
    private byte _version1;
    private uint _token0;
    private uint _token1;
    private uint _token2;

    // Wireshark's mptcp.stream, 0-based.
    public int Number { get; } = number;

    // The connection, once both keys (or a refusal) made it one.
    public MptcpConnection? Connection { get; set; }

    // Joins that named this stream's token before it became a connection, in frame order.
    public LinkedList<Subflow>? WaitingJoins { get; set; }

    // True once an MP_CAPABLE key named the stream (its handshake is at least partly in the capture).
    public bool Keyed => KeyCount > 0;

    // Subflows of this stream still in the flow table.
    public int LiveSubflows { get; set; }

    public bool Forgotten { get; set; }

    public bool QueuedForHashing { get; set; }

    public int HashedKeys { get; set; }

    public int JoinTokens { get; set; }

    public int KeyCount { get; private set; }

    public int TokenCount { get; private set; }

    public ulong Key(int index) => index == 0 ? _key0 : _key1;

    public byte KeyVersion(int index) => index == 0 ? _version0 : _version1;

    public uint Token(int index) => index switch { 0 => _token0, 1 => _token1, _ => _token2 };

    // Keeps a key not seen on this stream yet; false when it is known or the stream holds two already.
    public bool TryAddKey(byte version, ulong key)
    {
        if ((KeyCount > 0 && _key0 == key) || (KeyCount > 1 && _key1 == key) || KeyCount == 2)
        {
            return false;
        }

        (KeyCount == 0 ? ref _key0 : ref _key1) = key;
        (KeyCount == 0 ? ref _version0 : ref _version1) = version;
        KeyCount++;
        return true;
    }

    // Keeps a token not on this stream yet; false when it is known or three are held.
    public bool TryAddToken(uint token)
    {
        for (int i = 0; i < TokenCount; i++)
        {
            if (Token(i) == token)
            {
                return false;
            }
        }

        switch (TokenCount)
        {
            case 0: _token0 = token; break;
            case 1: _token1 = token; break;
            case 2: _token2 = token; break;
            default: return false;
        }

        TokenCount++;
        return true;
    }
}
