using System;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Fuzzing.Mutation;

/// <summary>
/// Structure-aware mutations of MPTCP options of a set (<typeparamref name="TSet"/>: the SDK's <c>MptcpOption</c> or a
/// user's union), each case with the SDK's verdict on it. Deterministic from the <see cref="Random"/> it is given.
/// </summary>
/// <typeparam name="TSet">The options the verdicts are given by.</typeparam>
/// <param name="random">Where the choices come from.</param>
public sealed class OptionMutator<TSet>(Random random)
    where TSet : struct, IMptcpOptionSet<TSet>
{
    private static readonly MutationKind[] AllKinds = Enum.GetValues<MutationKind>();

    private readonly Random _random = random ?? throw new ArgumentNullException(nameof(random));

    /// <summary>A mutator seeded with <paramref name="seed"/>.</summary>
    public OptionMutator(int seed)
        : this(new Random(seed))
    {
    }

    /// <summary>A new valid option, then a mutation of a kind chosen at random.</summary>
    public MutatedCase Next() => Mutate(OptionGenerator.Encode(OptionGenerator.Next<TSet>(_random)));

    /// <summary>A mutation of <paramref name="option"/> (one MPTCP option, kind 30 first) of a kind chosen at random.</summary>
    public MutatedCase Mutate(ReadOnlySpan<byte> option) => Mutate(option, AllKinds[_random.Next(AllKinds.Length)]);

    /// <summary>A mutation of <paramref name="option"/> (one MPTCP option, kind 30 first) of kind <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The option is shorter than its 2 octets of kind and length.</exception>
    public MutatedCase Mutate(ReadOnlySpan<byte> option, MutationKind kind)
    {
        if (option.Length < 2)
        {
            throw new ArgumentException("an option has at least a kind and a length octet", nameof(option));
        }

        byte[] octets = option.ToArray();
        switch (kind)
        {
            case MutationKind.FieldEdge:
                return FieldEdge(option) ?? Mutate(option, MutationKind.FlagFlip);
            case MutationKind.FlagFlip when octets.Length > 2:
                int bit = _random.Next(octets.Length > 3 ? 12 : 4); // byte 2's low nibble, then byte 3
                octets[bit < 4 ? 2 : 3] ^= (byte)(1 << (bit < 4 ? bit : bit - 4));
                break;
            case MutationKind.FlagFlip:
                octets[1] ^= 0x01;
                break;
            case MutationKind.SubtypeSwap when octets.Length > 2:
                int subtype = octets[2] >> 4;
                int other = (subtype + 1 + _random.Next(15)) % 16;
                octets[2] = (byte)((other << 4) | (octets[2] & 0x0F));
                break;
            case MutationKind.SubtypeSwap:
                octets = [.. octets, 0x00];
                octets[1] = 3;
                break;
            case MutationKind.LengthOneShort when octets.Length > 2:
                octets = octets[..^1];
                octets[1] = (byte)(octets[1] - 1);
                break;
            case MutationKind.LengthOneShort:
                octets = octets[..1]; // an option of two octets keeps only its kind
                break;
            case MutationKind.LengthOneLong:
                octets = [.. octets, (byte)_random.Next(256)];
                octets[1] = (byte)(octets[1] + 1);
                break;
            case MutationKind.LengthClaimsLess:
                octets[1] = (byte)(octets[1] - 1);
                break;
            case MutationKind.LengthClaimsMore:
                octets[1] = (byte)(octets[1] + 1);
                break;
            case MutationKind.Cut:
                octets = octets[.._random.Next(octets.Length)];
                break;
            case MutationKind.Splice:
                byte[] second = OptionGenerator.Encode(OptionGenerator.Next<TSet>(_random));
                int keep = _random.Next(2, octets.Length + 1);
                int from = _random.Next(2, second.Length + 1);
                octets = [.. octets.AsSpan(0, keep), .. second.AsSpan(from)];
                octets[1] = (byte)Math.Min(octets.Length, 255);
                break;
            default:
                return Block(option, kind);
        }

        return new MutatedCase(kind, octets, IsOptionBlock: false, Verdicts.OfOption<TSet>(octets), MptcpOptions: 1);
    }

    // One field of a valid option changed to an edge value, encoded again; null when no change encodes.
    private MutatedCase? FieldEdge(ReadOnlySpan<byte> option)
    {
        if (!TSet.TryRead(option, out TSet value, out _))
        {
            return null;
        }

        var record = new FieldRecord();
        value.Accept(ref record);
        int index = value.OptionTypeIndex;
        if (record.Names.Count == 0 || index < 0)
        {
            return null;
        }

        Span<byte> encoded = stackalloc byte[MptcpConstants.MaxTcpOptionSpace];
        for (int attempt = 0; attempt < 16; attempt++)
        {
            var source = new ReplaySource(record, record.Names[_random.Next(record.Names.Count)], _random);
            TSet changed = TSet.Create(index, ref source);
            if (changed.Write(encoded, out int written) == MptcpStatus.Ok)
            {
                byte[] octets = encoded[..written].ToArray();
                return new MutatedCase(MutationKind.FieldEdge, octets, IsOptionBlock: false, Verdicts.OfOption<TSet>(octets), MptcpOptions: 1);
            }
        }

        return null;
    }

    private MutatedCase Block(ReadOnlySpan<byte> option, MutationKind kind)
    {
        byte[] block = kind switch
        {
            MutationKind.BlockNops => [.. Nops(), .. option, .. Nops()],
            MutationKind.BlockAfterEndOfList => [0x00, .. option],
            MutationKind.BlockOtherOptions => [.. Other(), .. option, .. Other()],
            _ => [.. option, .. Nops(MptcpConstants.MaxTcpOptionSpace + 4 - option.Length)],
        };
        (MptcpError verdict, int seen) = Verdicts.OfBlock<TSet>(block);
        return new MutatedCase(kind, block, IsOptionBlock: true, verdict, seen);
    }

    private byte[] Nops(int count = -1)
    {
        var nops = new byte[count >= 0 ? Math.Max(count, 1) : _random.Next(1, 4)];
        nops.AsSpan().Fill(0x01);
        return nops;
    }

    // A TCP option other than MPTCP, well formed: MSS, SACK permitted, timestamps or window scale.
    private byte[] Other() => _random.Next(4) switch
    {
        0 => [0x02, 0x04, 0x05, 0xB4],
        1 => [0x04, 0x02],
        2 => [0x08, 0x0A, .. RandomOctets(8)],
        _ => [0x03, 0x03, (byte)_random.Next(15)],
    };

    private byte[] RandomOctets(int count)
    {
        var octets = new byte[count];
        _random.NextBytes(octets);
        return octets;
    }
}
