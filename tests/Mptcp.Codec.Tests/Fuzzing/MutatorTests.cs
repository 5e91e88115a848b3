using System;
using System.Linq;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Fuzzing.Native;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Tests.Fuzzing;

/// <summary>The mutators: each case's verdict is what the decoder says of it, and the known cases say what RFC 8684 says.</summary>
public sealed unsafe class MutatorTests
{
    // An MP_CAPABLE of a SYN/ACK as Linux sends it (RFC 8684 §3.1: v1, flags A and H, the server's key): 1e 0c 01 81 + 8 octets.
    private static readonly byte[] SynAck = Convert.FromHexString("1e0c0181a1b2c3d4e5f60718");

    [Fact]
    public void Every_case_carries_the_verdict_the_decoder_gives()
    {
        var mutator = new OptionMutator<MptcpOption>(3);
        var kinds = new System.Collections.Generic.HashSet<MutationKind>();
        for (int i = 0; i < 5000; i++)
        {
            MutatedCase mutated = mutator.Next();
            kinds.Add(mutated.Kind);
            if (mutated.IsOptionBlock)
            {
                (MptcpError verdict, int options) = Walk(mutated.Octets);
                Assert.Equal((verdict, options), (mutated.Verdict, mutated.MptcpOptions));
            }
            else
            {
                bool read = MptcpOption.TryRead(mutated.Octets, out _, out MptcpError error);
                Assert.Equal(read ? MptcpError.None : error, mutated.Verdict);
            }
        }

        Assert.Equal(Enum.GetValues<MutationKind>().Length, kinds.Count);
    }

    [Fact]
    public void Known_mutations_get_the_verdicts_RFC_8684_gives()
    {
        var mutator = new OptionMutator<MptcpOption>(1);
        // One octet claimed past the end: the option does not fit the input.
        Assert.Equal(MptcpStatus.Truncated, mutator.Mutate(SynAck, MutationKind.LengthClaimsMore).Verdict.Status);
        // Eleven octets: no MP_CAPABLE has that length (4, 12, 20, 22, 24), the length octet is to blame.
        MutatedCase shorter = mutator.Mutate(SynAck, MutationKind.LengthOneShort);
        Assert.Equal((MptcpStatus.BadLength, 1, 11), (shorter.Verdict.Status, shorter.Verdict.Offset, shorter.Octets.Length));
        // After End of Option List nothing is an option: valid, and no MPTCP option read.
        MutatedCase afterEnd = mutator.Mutate(SynAck, MutationKind.BlockAfterEndOfList);
        Assert.Equal((true, 0), (afterEnd.IsValid, afterEnd.MptcpOptions));
        // NOPs around change nothing.
        MutatedCase nops = mutator.Mutate(SynAck, MutationKind.BlockNops);
        Assert.Equal((true, 1), (nops.IsValid, nops.MptcpOptions));
        // A TCP header holds 40 octets of options at most.
        MutatedCase overflow = mutator.Mutate(SynAck, MutationKind.BlockOverflow);
        Assert.Equal((MptcpStatus.TooLong, 40, 44), (overflow.Verdict.Status, overflow.Verdict.Offset, overflow.Octets.Length));
        // A cut option is truncated.
        Assert.False(mutator.Mutate(SynAck, MutationKind.Cut).IsValid);
    }

    [Fact]
    public void A_field_edge_is_a_re_encoding_of_the_same_option_type()
    {
        var mutator = new OptionMutator<MptcpOption>(11);
        int valid = 0;
        for (int i = 0; i < 200; i++)
        {
            MutatedCase mutated = mutator.Mutate(SynAck, MutationKind.FieldEdge);
            Assert.Equal(MutationKind.FieldEdge, mutated.Kind);
            if (mutated.IsValid)
            {
                valid++;
                Assert.True(MptcpOption.TryRead(mutated.Octets, out MptcpOption option, out _));
                Assert.Equal(MptcpOptionKind.MpCapableOption, option.Kind);
            }
        }

        Assert.True(valid > 100, $"{valid} of 200 field edges encode");
    }

    [Fact]
    public void The_same_seed_gives_the_same_cases()
    {
        string[] Run(int seed)
        {
            var mutator = new OptionMutator<MptcpOption>(seed);
            return [.. Enumerable.Range(0, 500).Select(_ => mutator.Next().ToString())];
        }

        Assert.Equal(Run(8), Run(8));
        Assert.NotEqual(Run(8), Run(9));
    }

    /// <summary>
    /// The shortest inputs libFuzzer hands the custom mutator (found by samples/fuzzing-libfuzzer: `1e 02` cut one
    /// octet short threw): every kind of mutation of every 2- to 4-octet MPTCP option gives a case with a verdict.
    /// </summary>
    [Fact]
    public void Every_kind_mutates_the_shortest_options()
    {
        var mutator = new OptionMutator<MptcpOption>(3);
        int cases = 0;
        foreach (MutationKind kind in Enum.GetValues<MutationKind>())
        {
            for (int length = 2; length <= 4; length++)
            {
                for (int second = 0; second < 256; second += 17)
                {
                    byte[] option = new byte[] { 30, (byte)length, (byte)second, 0 }[..length];
                    MutatedCase c = mutator.Mutate(option, kind);
                    Assert.Equal(c.IsOptionBlock ? Verdicts.OfBlock<MptcpOption>(c.Octets).Verdict : Verdicts.OfOption<MptcpOption>(c.Octets), c.Verdict);
                    cases++;
                }
            }
        }

        Assert.True(cases > 500);
    }

    [Fact]
    public void The_libFuzzer_entry_point_mutates_in_place_within_max_size()
    {
        delegate* unmanaged<byte*, nuint, nuint, uint, nuint> mutate = &CustomMutator.LibFuzzerMutate;
        byte[] buffer = new byte[64];
        byte[] again = new byte[64];
        for (uint seed = 0; seed < 300; seed++)
        {
            SynAck.CopyTo(buffer, 0);
            SynAck.CopyTo(again, 0);
            nuint size, size2;
            fixed (byte* data = buffer)
            {
                size = mutate(data, (nuint)SynAck.Length, 16, seed);
            }

            fixed (byte* data = again)
            {
                size2 = mutate(data, (nuint)SynAck.Length, 16, seed);
            }

            Assert.InRange(size, 0u, 16u);
            Assert.Equal(buffer.AsSpan(0, (int)size).ToArray(), again.AsSpan(0, (int)size2).ToArray());
        }
    }

    [Fact]
    public void The_AFL_entry_points_hand_out_cases_in_their_own_buffer()
    {
        delegate* unmanaged<nint, uint, nint> init = &CustomMutator.AflInit;
        delegate* unmanaged<nint, byte*, nuint, byte**, byte*, nuint, nuint, nuint> fuzz = &CustomMutator.AflFuzz;
        delegate* unmanaged<nint, void> deinit = &CustomMutator.AflDeinit;
        nint state = init(0, 7);
        try
        {
            int differed = 0;
            fixed (byte* input = SynAck)
            {
                for (int i = 0; i < 100; i++)
                {
                    byte* output;
                    nuint size = fuzz(state, input, (nuint)SynAck.Length, &output, null, 0, 64);
                    Assert.InRange(size, 0u, 64u);
                    differed += new ReadOnlySpan<byte>(output, (int)size).SequenceEqual(SynAck) ? 0 : 1;
                }
            }

            Assert.True(differed > 90, $"{differed} of 100 cases differ from the input");
        }
        finally
        {
            deinit(state);
        }
    }

    /// <summary>The block's verdict worked out here: the walk's error, the first MPTCP refusal, or above 40 octets.</summary>
    private static (MptcpError, int) Walk(byte[] block)
    {
        var walker = new TcpOptionWalker(block);
        MptcpError first = MptcpError.None;
        int count = 0;
        while (walker.MoveNext())
        {
            if (walker.Current.Kind == 30)
            {
                count++;
                if (first.IsOk && !MptcpOption.TryRead(walker.Current.Bytes, out _, out MptcpError error))
                {
                    first = new MptcpError(error.Status, error.Offset + walker.Current.Offset, error.ExpectedLength);
                }
            }
        }

        MptcpError verdict = !walker.Error.IsOk ? walker.Error : !first.IsOk ? first : block.Length > 40 ? new MptcpError(MptcpStatus.TooLong, 40) : MptcpError.None;
        return (verdict, count);
    }
}
