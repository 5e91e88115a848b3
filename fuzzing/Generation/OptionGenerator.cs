using System;
using System.Collections.Generic;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Generation;

/// <summary>
/// Valid options of any set (the SDK's <c>MptcpOption</c>, or a user's union with its own options), built through the
/// schema's generated <c>Fill</c> from <see cref="EdgeValueSource"/> and kept only when <c>Validate</c> accepts them:
/// every option type, every form its flags and lengths allow, values at the edges. Deterministic from the seed.
/// </summary>
public static class OptionGenerator
{
    /// <summary>Draws per type before giving up: far above what any option of the SDK needs (a few in the worst case).</summary>
    public const int Attempts = 1000;

    /// <summary>A valid option of a type chosen from <paramref name="random"/>.</summary>
    /// <exception cref="InvalidOperationException">No valid option of the chosen type came of <see cref="Attempts"/> draws (a schema no value satisfies).</exception>
    public static TSet Next<TSet>(Random random)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(random);
        return Next<TSet>(random, random.Next(TSet.OptionTypeCount));
    }

    /// <summary>A valid option of type number <paramref name="index"/> of the set (see <c>OptionTypeCount</c>).</summary>
    /// <exception cref="InvalidOperationException">No valid option came of <see cref="Attempts"/> draws.</exception>
    public static TSet Next<TSet>(Random random, int index)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        ArgumentNullException.ThrowIfNull(random);
        var source = new EdgeValueSource(random);
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            TSet option = TSet.Create(index, ref source);
            if (option.Validate() == MptcpStatus.Ok)
            {
                return option;
            }
        }

        throw new InvalidOperationException($"option type {index} of {typeof(TSet).Name}: no valid value in {Attempts} draws");
    }

    /// <summary><paramref name="count"/> valid options, each type in turn, from one seed.</summary>
    public static IEnumerable<TSet> Sample<TSet>(int seed, int count)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var random = new Random(seed);
        for (int i = 0; i < count; i++)
        {
            yield return Next<TSet>(random, i % TSet.OptionTypeCount);
        }
    }

    /// <summary>The option's octets (it must be valid: every option this class gives is).</summary>
    public static byte[] Encode<TSet>(in TSet option)
        where TSet : struct, IMptcpOptionSet<TSet>
    {
        var octets = new byte[option.GetEncodedLength()];
        MptcpStatus status = option.Write(octets, out int written);
        if (status != MptcpStatus.Ok)
        {
            throw new ArgumentException($"the option does not encode: {status}", nameof(option));
        }

        return octets[..written];
    }
}
