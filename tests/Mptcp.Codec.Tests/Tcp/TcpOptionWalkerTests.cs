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
}
