using System;
using CsCheck;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Generation;

/// <summary>CsCheck generators of valid options: <see cref="OptionGenerator"/> seeded from CsCheck's own generator.</summary>
public static class MptcpGen
{
    /// <summary>Valid options of every type of the set.</summary>
    public static Gen<TSet> Option<TSet>()
        where TSet : struct, IMptcpOptionSet<TSet> =>
        Gen.Int.Select(seed => OptionGenerator.Next<TSet>(new Random(seed)));

    /// <summary>Valid options of type number <paramref name="index"/> of the set.</summary>
    public static Gen<TSet> Option<TSet>(int index)
        where TSet : struct, IMptcpOptionSet<TSet> =>
        Gen.Int.Select(seed => OptionGenerator.Next<TSet>(new Random(seed), index));

    /// <summary>The octets of valid options of every type.</summary>
    public static Gen<byte[]> Octets<TSet>()
        where TSet : struct, IMptcpOptionSet<TSet> =>
        Option<TSet>().Select(option => OptionGenerator.Encode(option));
}
