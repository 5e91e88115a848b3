using System;
using System.Collections.Generic;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Tcp;

/// <summary>The option block walker on the seed's TCP headers and on malformed blocks.</summary>
public sealed class TcpOptionWalkerTests
{
    // The seed's third packet: TCP options after the 20-octet header (nop, nop, TS, MP_CAPABLE, DSS).
    private const string SeedAckOptions = "0101 080a 0022 8d1e 5031 98b4 " + SeedVectors.CapableAck + " " + SeedVectors.DssAck4007607362;

    private static List<(byte Kind, int Offset, int Length)> Walk(TcpOptionWalker walker)
    {
        var seen = new List<(byte, int, int)>();
        foreach (TcpOption option in walker)
        {
            seen.Add((option.Kind, option.Offset, option.Bytes.Length));
        }

        return seen;
    }

    [Fact]
    public void WalksEveryOption()
    {
        var walker = new TcpOptionWalker(Hex.Bytes(SeedAckOptions));
        Assert.Equal([(1, 0, 1), (1, 1, 1), (8, 2, 10), (30, 12, 20), (30, 32, 8)], Walk(walker));
    }

    [Fact]
    public void YieldsOnlyMptcpOptions()
    {
        Assert.Equal([(30, 12, 20), (30, 32, 8)], Walk(TcpOptionWalker.MptcpOptions(Hex.Bytes(SeedAckOptions))));
    }

    [Fact]
    public void StopsAtEndOfOptionList()
    {
        TcpOptionWalker walker = TcpOptionWalker.MptcpOptions(Hex.Bytes("0000 1e08 2001 eedf 3c42"));
        Assert.False(walker.MoveNext());
        Assert.True(walker.Completed);
    }

    [Theory]
    [InlineData("0101 0801", MptcpStatus.MalformedTcpOption, 2)] // length 1
    [InlineData("0101 0800", MptcpStatus.MalformedTcpOption, 2)] // length 0 would loop forever
    [InlineData("0101 080a 0000", MptcpStatus.Truncated, 2)]    // runs past the block
    [InlineData("0101 08", MptcpStatus.Truncated, 2)]           // no length octet
    public void MalformedLengthsEndTheWalkWithTheirOffset(string hex, MptcpStatus status, int offset)
    {
        var walker = new TcpOptionWalker(Hex.Bytes(hex));
        while (walker.MoveNext())
        {
        }

        Assert.Equal(new MptcpError(status, offset), walker.Error);
        Assert.False(walker.Completed);
    }

    [Fact]
    public void EveryStepAdvancesOrStops()
    {
        // Every kind and length octet at every position of a full 40-octet block (the rest NOPs and a fixed fill):
        // each MoveNext either moves past at least one octet or ends the walk, so a walk takes at most 40 steps.
        var fill = new System.Random(30);
        byte[] block = new byte[40];
        for (int position = 0; position < block.Length - 1; position++)
        {
            for (int kind = 0; kind < 256; kind++)
            {
                for (int length = 0; length < 256; length++)
                {
                    fill.NextBytes(block);
                    block.AsSpan(0, position).Fill(1);
                    block[position] = (byte)kind;
                    block[position + 1] = (byte)length;
                    var walker = new TcpOptionWalker(block);
                    int steps = 0, last = -1;
                    while (walker.MoveNext())
                    {
                        Assert.True(walker.Current.Offset > last, $"option at {walker.Current.Offset} after {last}");
                        last = walker.Current.Offset;
                        Assert.True(++steps <= block.Length);
                    }
                }
            }
        }
    }
}
