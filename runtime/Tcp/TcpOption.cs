using System;

namespace Mptcp.Codec.Tcp;

/// <summary>One option of a TCP option block: its kind, its offset in the block and its octets (kind and length included).</summary>
public readonly ref struct TcpOption
{
    internal TcpOption(byte kind, int offset, ReadOnlySpan<byte> bytes)
    {
        Kind = kind;
        Offset = offset;
        Bytes = bytes;
    }

    /// <summary>The option kind (0 EOL, 1 NOP, 2 MSS, 30 MPTCP…).</summary>
    public byte Kind { get; }

    /// <summary>Offset of the option's first octet within the option block.</summary>
    public int Offset { get; }

    /// <summary>The option's octets: one for EOL and NOP, else as many as its length octet says.</summary>
    public ReadOnlySpan<byte> Bytes { get; }

    /// <summary>True for MPTCP (kind 30).</summary>
    public bool IsMptcp => Kind == MptcpConstants.Kind;
}
