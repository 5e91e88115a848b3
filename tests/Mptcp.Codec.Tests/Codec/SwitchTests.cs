using System;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Extension;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Codec;

/// <summary><c>Switch</c> calls exactly the handler method of the option held, for the SDK's union and an extended one.</summary>
public sealed class SwitchTests
{
    [Theory]
    [InlineData(SeedVectors.CapableAck, "MpCapableOption")]
    [InlineData(SeedVectors.JoinSynId2, "MpJoinSynOption")]
    [InlineData(SeedVectors.DssClientData, "DssOption")]
    [InlineData(SeedVectors.AddAddrId2, "AddAddressV0Option")]
    [InlineData("1e05 f1aa bb", "MpExperimentalOption")]
    public void TheHandlerOfTheKindHeldIsCalledOnce(string hex, string expected)
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes(hex), out MptcpOption option, out _));
        var names = new Names();
        option.Switch(ref names);
        Assert.Equal(expected + ";", names.Seen);
        Assert.Equal(expected, option.Kind.ToString());
    }

    [Fact]
    public void NothingIsCalledForNone()
    {
        var names = new Names();
        default(MptcpOption).Switch(ref names);
        Assert.Equal(string.Empty, names.Seen);
    }

    [Fact]
    public void AnExtendedUnionsHandlerCoversTheBuiltInOptionsAndItsOwn()
    {
        var seen = new ExtendedNames();
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes("1e08 f905 dead beef"), out ExtendedOptions probe, out _));
        probe.Switch(ref seen);
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(SeedVectors.DssClientData), out ExtendedOptions dss, out _));
        dss.Switch(ref seen);
        Assert.Equal("probe 3735928559;dss 2208729441;", seen.Seen);
    }

    [Fact]
    public void A_handler_of_some_kinds_gets_the_rest_as_their_kind()
    {
        var dssOnly = new DssOnly();
        foreach (string hex in new[] { SeedVectors.DssClientData, SeedVectors.CapableAck, SeedVectors.JoinSynId2 })
        {
            Assert.True(MptcpOption.TryRead(Hex.Bytes(hex), out MptcpOption option, out _));
            option.Switch(ref dssOnly);
        }

        Assert.Equal("dss 2208729441;other MpCapableOption;other MpJoinSynOption;", dssOnly.Seen);
    }

    [Fact]
    public void An_extended_unions_handler_of_some_kinds_covers_its_own_and_the_built_in_ones()
    {
        var probes = new ProbesOnly();
        foreach (string hex in new[] { "1e08 f905 dead beef", SeedVectors.DssClientData })
        {
            Assert.True(ExtendedOptions.TryRead(Hex.Bytes(hex), out ExtendedOptions option, out _));
            option.Switch(ref probes);
        }

        Assert.Equal("probe;other DssOption;", probes.Seen);
    }

    private sealed class DssOnly : MptcpOption.Handler
    {
        public string Seen { get; private set; } = string.Empty;

        public override void Handle(in DssOption option) => Seen += $"dss {option.DataSequenceNumber};";

        protected override void Otherwise(MptcpOptionKind kind) => Seen += $"other {kind};";
    }

    private sealed class ProbesOnly : ExtendedOptions.Handler
    {
        public string Seen { get; private set; } = string.Empty;

        public override void Handle(in ProbeOption option) => Seen += "probe;";

        protected override void Otherwise(ExtendedOptionsKind kind) => Seen += $"other {kind};";
    }

    private struct Names() : MptcpOption.IHandler
    {
        public string Seen { get; private set; } = string.Empty;

        public void Handle(in MpCapableOption option) => Seen += "MpCapableOption;";

        public void Handle(in MpJoinSynOption option) => Seen += "MpJoinSynOption;";

        public void Handle(in MpJoinSynAckOption option) => Seen += "MpJoinSynAckOption;";

        public void Handle(in MpJoinAckOption option) => Seen += "MpJoinAckOption;";

        public void Handle(in DssOption option) => Seen += "DssOption;";

        public void Handle(in AddAddressOption option) => Seen += "AddAddressOption;";

        public void Handle(in AddAddressV0Option option) => Seen += "AddAddressV0Option;";

        public void Handle(in RemoveAddressOption option) => Seen += "RemoveAddressOption;";

        public void Handle(in MpPrioOption option) => Seen += "MpPrioOption;";

        public void Handle(in MpFailOption option) => Seen += "MpFailOption;";

        public void Handle(in MpFastCloseOption option) => Seen += "MpFastCloseOption;";

        public void Handle(in MpTcpRstOption option) => Seen += "MpTcpRstOption;";

        public void Handle(in MpExperimentalOption option) => Seen += "MpExperimentalOption;";
    }

    private struct ExtendedNames() : ExtendedOptions.IHandler
    {
        public string Seen { get; private set; } = string.Empty;

        public void Handle(in ProbeOption option) => Seen += $"probe {option.Cookie};";

        public void Handle(in DssOption option) => Seen += $"dss {option.DataSequenceNumber};";

        public void Handle(in MpCapableOption option) => Seen += "?;";

        public void Handle(in MpJoinSynOption option) => Seen += "?;";

        public void Handle(in MpJoinSynAckOption option) => Seen += "?;";

        public void Handle(in MpJoinAckOption option) => Seen += "?;";

        public void Handle(in AddAddressOption option) => Seen += "?;";

        public void Handle(in AddAddressV0Option option) => Seen += "?;";

        public void Handle(in RemoveAddressOption option) => Seen += "?;";

        public void Handle(in MpPrioOption option) => Seen += "?;";

        public void Handle(in MpFailOption option) => Seen += "?;";

        public void Handle(in MpFastCloseOption option) => Seen += "?;";

        public void Handle(in MpTcpRstOption option) => Seen += "?;";

        public void Handle(in MpExperimentalOption option) => Seen += "?;";
    }
}

/// <summary>Kind values come from the RFC subtype and the declared variant alone: adding an option renumbers nothing.</summary>
public sealed class KindValueTests
{
    [Theory]
    [InlineData(MptcpOptionKind.MpCapableOption, 0x0, 0)]
    [InlineData(MptcpOptionKind.MpJoinSynOption, 0x1, 0)]
    [InlineData(MptcpOptionKind.MpJoinSynAckOption, 0x1, 1)]
    [InlineData(MptcpOptionKind.MpJoinAckOption, 0x1, 2)]
    [InlineData(MptcpOptionKind.DssOption, 0x2, 0)]
    [InlineData(MptcpOptionKind.AddAddressV0Option, 0x3, 0)]
    [InlineData(MptcpOptionKind.AddAddressOption, 0x3, 1)]
    [InlineData(MptcpOptionKind.RemoveAddressOption, 0x4, 0)]
    [InlineData(MptcpOptionKind.MpPrioOption, 0x5, 0)]
    [InlineData(MptcpOptionKind.MpFailOption, 0x6, 0)]
    [InlineData(MptcpOptionKind.MpFastCloseOption, 0x7, 0)]
    [InlineData(MptcpOptionKind.MpTcpRstOption, 0x8, 0)]
    [InlineData(MptcpOptionKind.MpExperimentalOption, 0xF, 0)]
    public void IsSubtypeAndVariantPlusOne(MptcpOptionKind kind, int subtype, int variant) =>
        Assert.Equal(((subtype << 4) | variant) + 1, (int)kind);

    [Fact]
    public void EveryKindIsListed() => Assert.Equal(14, Enum.GetValues<MptcpOptionKind>().Length); // 13 and None
}
