using System.Linq;
using Mptcp.Codec.Generator;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>The schema checks that need only the model, on hand-made specs: no Roslyn compilation.</summary>
public sealed class SpecRulesTests
{
    private static OptionSpec Spec(string name, int subtype, int variant = 0, int length = 0, int mask = 0, int[]? values = null, bool fallback = false) =>
        new(string.Empty, name, false, subtype, 4, length, variant, mask, (values ?? []).ToEquatableArray(), fallback, name,
            EquatableArray<BitFieldSpec>.Empty, EquatableArray<FieldSpec>.Empty, EquatableArray<LengthCombination>.Empty);

    [Fact]
    public void VariantsAreToldApartByLengthOrHeaderBits()
    {
        // MP_JOIN's three forms by length; ADD_ADDR v0 by IPVer 4/6 and v1 as the fallback.
        OptionSpec[] join = [Spec("Syn", 1, 0, 12), Spec("SynAck", 1, 1, 16), Spec("Ack", 1, 2, 24)];
        Assert.Empty(SpecRules.IndistinguishableVariants(join));
        OptionSpec[] add = [Spec("V0", 3, 0, mask: 0x0F, values: [4, 6]), Spec("V1", 3, 1, fallback: true)];
        Assert.Empty(SpecRules.IndistinguishableVariants(add));
        OptionSpec[] same = [Spec("A", 9, 0, 8), Spec("B", 9, 1, 8)];
        Assert.Equal([(0, 1)], SpecRules.IndistinguishableVariants(same).ToArray());
    }

    [Fact]
    public void KindsAreSharedOnlyBySubtypeAndVariant()
    {
        Assert.Empty(SpecRules.SharedKinds([Spec("A", 9, 0), Spec("B", 9, 1), Spec("C", 10, 0)]));
        Assert.Equal([(0, 1)], SpecRules.SharedKinds([Spec("A", 9, 1, 8), Spec("B", 9, 1, 12)]).ToArray());
        Assert.Equal(0x22, Spec("DssLike", 2, 1).KindValue);
    }

    [Fact]
    public void KindNamesTakeTheirNamespaceOnlyWhenTwoShareAName()
    {
        OptionSpec a = Spec("Probe", 9) with { Namespace = "Vendor.A" };
        OptionSpec b = Spec("Probe", 9, 1) with { Namespace = "Vendor.B" };
        OptionSpec c = Spec("Other", 10);
        Assert.Equal(["Vendor_A_Probe", "Vendor_B_Probe", "Other"], SpecRules.NameKinds([a, b, c]).Select(s => s.KindName).ToArray());
    }

    [Theory]
    [InlineData(2, 0x00, true, "the mask must select bits of one byte")]
    [InlineData(2, 0x05, false, "the mask's bits must be contiguous")]
    [InlineData(2, 0x03, true, "a bool takes exactly one bit")]
    [InlineData(4, 0x01, true, "the offset must lie in the header, bytes 2 to 3")]
    [InlineData(3, 0x0C, false, null)]
    public void MasksAreChecked(int offset, int mask, bool isFlag, string? problem) =>
        Assert.Equal(problem, SpecRules.MaskProblem(offset, mask, 4, isFlag));
}
