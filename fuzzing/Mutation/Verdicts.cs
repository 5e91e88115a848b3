using System;
using Mptcp.Codec.Schema;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Fuzzing.Mutation;

/// <summary>The SDK's verdict on an input: what a correct parser of RFC 8684 must make of it.</summary>
public static class Verdicts
{
    /// <summary>The verdict on one MPTCP option (kind 30 first): none, or the first refusal and its octet.</summary>
    public static MptcpError OfOption<TSet>(ReadOnlySpan<byte> option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        return TSet.TryRead(option, out _, out MptcpError error) ? MptcpError.None : error;
    }

    /// <summary>
    /// The verdict on a TCP option block: the walk's first error (a length below 2 or past the block), else the first
    /// MPTCP option's refusal (its octet counted from the block's start), else a block above 40 octets; and how many
    /// MPTCP options the walk reads (none after an End of Option List).
    /// </summary>
    public static (MptcpError Verdict, int MptcpOptions) OfBlock<TSet>(ReadOnlySpan<byte> block)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var walker = new TcpOptionWalker(block);
        int seen = 0;
        MptcpError first = MptcpError.None;
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            if (!option.IsMptcp)
            {
                continue;
            }

            seen++;
            if (first.IsOk && !TSet.TryRead(option.Bytes, out _, out MptcpError error))
            {
                first = error with { Offset = error.Offset + option.Offset };
            }
        }

        if (!walker.Error.IsOk)
        {
            return (walker.Error, seen);
        }

        if (!first.IsOk)
        {
            return (first, seen);
        }

        return block.Length > MptcpConstants.MaxTcpOptionSpace
            ? (new MptcpError(MptcpStatus.TooLong, MptcpConstants.MaxTcpOptionSpace), seen)
            : (MptcpError.None, seen);
    }
}
