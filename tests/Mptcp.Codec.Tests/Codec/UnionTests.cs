using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Codec;

/// <summary>
/// The dispatcher writes only the chosen variant's slot (it does not zero the whole union first): what a variable
/// held before must never show through equality, hashing or the accessors.
/// </summary>
public sealed class UnionTests
{
    // Seed MP_CAPABLE ACK (both keys), then a short MP_PRIO and a failing read into the same variable.
    private const string CapableAck = "1e140081877cfcac977e4b88813f679475cb7f9f";
    private const string Prio = "1e0351";

    [Fact]
    public void ReusedVariableEqualsAFreshRead()
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes(CapableAck), out MptcpOption reused, out _));
        Assert.True(MptcpOption.TryRead(Hex.Bytes(Prio), out reused, out _));

        MptcpOption fresh = default;
        Assert.True(MptcpOption.TryRead(Hex.Bytes(Prio), out fresh, out _));
        Assert.Equal(fresh, reused);
        Assert.Equal(fresh.GetHashCode(), reused.GetHashCode());
        Assert.True(reused.TryGet(out MpPrioOption prio));
        Assert.True(prio.Backup);
        Assert.Equal(new MpPrioOption { Backup = true }, prio);
        Assert.False(reused.TryGet(out MpCapableOption _));
    }

    [Fact]
    public void FailedReadLeavesTheDefault()
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes(CapableAck), out MptcpOption option, out _));
        Assert.False(MptcpOption.TryRead(Hex.Bytes("1e0c 1002 a9a0 dd64 0730"), out option, out MptcpError error));
        Assert.Equal(MptcpStatus.Truncated, error.Status);
        Assert.Equal(MptcpOptionKind.None, option.Kind);
        Assert.Equal(default, option);
    }
}
