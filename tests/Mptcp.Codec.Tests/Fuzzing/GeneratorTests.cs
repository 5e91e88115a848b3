using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Extension;

namespace Mptcp.Codec.Tests.Fuzzing;

/// <summary>
/// The schema-driven generators: every option type of a set (the SDK's 13, and a user's union with its own option)
/// gives valid options that round-trip through the octets, at the edges of their values, the same from the same seed.
/// </summary>
public sealed class GeneratorTests
{
    [Fact]
    public void The_sdk_set_has_its_13_option_types_and_a_user_union_adds_its_own()
    {
        // schema/Options: MP_CAPABLE, MP_JOIN ×3, DSS, ADD_ADDR ×2, REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, experimental.
        Assert.Equal(13, MptcpOption.OptionTypeCount);
        Assert.Equal(14, ExtendedOptions.OptionTypeCount);
        Assert.Equal(Enumerable.Range(0, 13), Enumerable.Range(0, 13).Select(i => OptionGenerator.Next<MptcpOption>(new Random(i), i).OptionTypeIndex));
    }

    [Theory]
    [MemberData(nameof(SdkTypes))]
    public void Every_generated_option_validates_and_round_trips(int type)
    {
        var random = new Random(100 + type);
        var lengths = new HashSet<int>();
        for (int i = 0; i < 300; i++)
        {
            MptcpOption option = OptionGenerator.Next<MptcpOption>(random, type);
            Assert.Equal(MptcpStatus.Ok, option.Validate());
            byte[] octets = OptionGenerator.Encode(option);
            Assert.Equal((byte)30, octets[0]);
            Assert.Equal(octets.Length, octets[1]);
            Assert.True(MptcpOption.TryRead(octets, out MptcpOption back, out MptcpError error), $"{option}: {error.Describe()}");
            Assert.Equal(option, back);
            lengths.Add(octets.Length);
        }

        // The forms RFC 8684 (and 6824) give each type a length for: the generator reaches every one.
        int[] expected = type switch
        {
            0 => [4, 12, 20, 22, 24], // MP_CAPABLE: SYN v1; SYN/ACK and v0 SYN; ACK; ACK with data, without and with checksum
            1 => [24],                // MP_JOIN third ACK
            2 => [16],                // MP_JOIN SYN/ACK
            3 => [12],                // MP_JOIN SYN
            4 => [4, 8, 12, 14, 16, 18, 20, 22, 24, 26, 28],
            5 => [8, 10, 16, 18, 20, 22, 28, 30], // ADD_ADDR v1: IPv4/IPv6, port or not, HMAC or echo
            6 => [8, 10, 20, 22],     // ADD_ADDR v0
            8 => [3, 4],              // MP_PRIO without and with the address ID
            9 or 10 => [12],          // MP_FAIL, MP_FASTCLOSE
            11 => [4],                // MP_TCPRST
            _ => [],
        };
        Assert.Subset(lengths, expected.ToHashSet());
    }

    [Fact]
    public void A_users_own_option_is_generated_through_its_union()
    {
        var random = new Random(5);
        int probes = 0;
        for (int i = 0; i < 500; i++)
        {
            ExtendedOptions option = OptionGenerator.Next<ExtendedOptions>(random);
            Assert.Equal(MptcpStatus.Ok, option.Validate());
            Assert.True(ExtendedOptions.TryRead(OptionGenerator.Encode(option), out ExtendedOptions back, out _));
            Assert.Equal(option, back);
            probes += option.TryGet(out ProbeOption _) ? 1 : 0;
        }

        Assert.InRange(probes, 10, 100); // one type in 14
    }

    [Fact]
    public void Values_sit_at_the_edges()
    {
        // MP_FAIL's 64-bit DSN: 0, 1 and the largest each come up in a few hundred draws.
        var random = new Random(9);
        var seen = new HashSet<ulong>();
        for (int i = 0; i < 300; i++)
        {
            OptionGenerator.Next<MptcpOption>(random, 9).TryGet(out MpFailOption fail);
            seen.Add(fail.DataSequenceNumber);
        }

        Assert.Superset(new HashSet<ulong> { 0, 1, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63 }, seen);
    }

    [Fact]
    public void The_same_seed_gives_the_same_options()
    {
        MptcpOption[] first = [.. OptionGenerator.Sample<MptcpOption>(42, 200)];
        Assert.Equal(first, OptionGenerator.Sample<MptcpOption>(42, 200).ToArray());
        Assert.NotEqual(first, OptionGenerator.Sample<MptcpOption>(43, 200).ToArray());
    }

    [Fact]
    public void CsCheck_generators_give_valid_options()
    {
        MptcpGen.Option<MptcpOption>().Sample(option => option.Validate() == MptcpStatus.Ok, iter: 2000);
        MptcpGen.Octets<ExtendedOptions>().Sample(octets => ExtendedOptions.TryRead(octets, out _, out _), iter: 2000);
    }

    public static TheoryData<int> SdkTypes() => [.. Enumerable.Range(0, 13)];
}
