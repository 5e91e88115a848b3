using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>Each schema mistake is a diagnostic with its stable ID at the offending declaration, never an exception.</summary>
public sealed class DiagnosticTests
{
    private const string Usings = "using Mptcp.Codec; using Mptcp.Codec.Schema;\nnamespace Test;\n";

    private static Diagnostic Single(string source, string id)
    {
        (ImmutableArray<Diagnostic> generator, _, GeneratorDriverRunResult run) = GeneratorHarness.Run(Usings + source);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Diagnostic diagnostic = Assert.Single(generator);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    private static string At(Diagnostic diagnostic, string source) =>
        (Usings + source).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    [Fact]
    public void NotPartial()
    {
        const string source = "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public struct Opt { }";
        Assert.Equal("Opt", At(Single(source, "MPTCP001"), source));
    }

    [Fact]
    public void UnsupportedMemberType()
    {
        const string source = "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] public string Name { get; set; } }";
        Assert.Equal("Name", At(Single(source, "MPTCP002"), source));
    }

    [Fact]
    public void OverlappingBits()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Bits(3, 0xF0)] public byte A { get; set; } [Bits(3, 0x1F)] public byte B { get; set; } }";
        Diagnostic diagnostic = Single(source, "MPTCP003");
        Assert.Equal("B", At(diagnostic, source));
        Assert.Contains("'A' and by 'B'", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BitsOverlappingTheSubtype()
    {
        const string source = "[MptcpOption(9, HeaderLength = 3)] public partial struct Opt { [Bits(2, 0x1F)] public byte A { get; set; } }";
        Assert.Contains("the subtype", Single(source, "MPTCP003").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void BitsThatDoNotFillWholeBytes()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Bits(3, 0x01)] public bool A { get; set; } }";
        Assert.Contains("0xFE of header byte 3", Single(source, "MPTCP004").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("[Bits(2, 0x05)] public byte A { get; set; }")] // not contiguous
    [InlineData("[Bits(2, 0x03)] public bool A { get; set; }")] // two bits for a bool
    [InlineData("[Bits(4, 0x01)] public bool A { get; set; }")] // outside the header
    public void InvalidBitMasks(string member)
    {
        string source = "[MptcpOption(9, HeaderLength = 3)] public partial struct Opt { " + member + " }";
        (ImmutableArray<Diagnostic> generator, _, _) = GeneratorHarness.Run(Usings + source);
        Diagnostic diagnostic = Assert.Single(generator, d => d.Id == "MPTCP005");
        Assert.Equal("A", At(diagnostic, source));
    }

    [Fact]
    public void ConditionNamingNoFlag()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Opt { [Field(When = \"Missing\")] public uint A { get; set; } }";
        Assert.Equal("A", At(Single(source, "MPTCP006"), source));
    }

    [Theory]
    [InlineData("Length = 8")] // the same subtype and length
    [InlineData("Fallback = true")] // two fallbacks of one subtype
    public void TwoVariantsNothingTellsApart(string arguments)
    {
        string source =
            $"[MptcpOption(9, {arguments})] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct First {{ [Field] public uint A {{ get; set; }} }}\n" +
            $"[MptcpOption(9, Variant = 1, {arguments})] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Second {{ [Field] public uint B {{ get; set; }} }}\n" +
            "[MptcpOptionUnion] public partial struct Any { }";
        Assert.Equal("Second", At(Single(source, "MPTCP007"), source));
    }

    [Theory]
    [InlineData("[Bits(2, 0x0F)] public byte E { get; set; } " +
        "[Field(Presence = FieldPresence.ByLength)] [PresentWhen(\"Missing\", 0)] public ulong Mac { get; set; } public bool HasMac { get; set; }",
        "Mac", "'Missing' is not a header bit field of this option")]
    [InlineData("[Bits(2, 0x0F)] public byte E { get; set; } " +
        "[Field] [AbsentWhen(nameof(E), 1)] public ulong Mac { get; set; }",
        "Mac", "a presence rule needs a field whose length implies its presence (Presence = Trailing or ByLength)")]
    [InlineData("[Bits(2, 0x0F)] [IPVersionOf(nameof(Port))] public byte V { get; set; } [Field] public ushort Port { get; set; }",
        "V", "[IPVersionOf] names 'Port', which is not an address field of this option")]
    public void InvalidConsistencyRule(string members, string at, string problem)
    {
        string source = "[MptcpOption(9)] [ReservedBits(3, 0xFF)] public partial struct Opt { " + members + " }";
        Diagnostic diagnostic = Single(source, "MPTCP014");
        Assert.Equal(at, At(diagnostic, source));
        Assert.EndsWith(problem, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void FallbackWithAMatchMask()
    {
        const string source = "[MptcpOption(9, MatchMask = 0x0F, MatchValues = new[] { 1 }, Fallback = true)] [ReservedBits(3, 0xFF)] public partial struct Opt { [Bits(2, 0x0F)] public byte V { get; set; } }";
        Assert.Contains("Fallback variant takes no MatchMask", Single(source, "MPTCP009").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void AmbiguousLengthImpliedFields()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Opt { " +
            "[Field(Presence = FieldPresence.ByLength)] public ushort A { get; set; } public bool HasA { get; set; } " +
            "[Field(Presence = FieldPresence.ByLength)] public ushort B { get; set; } public bool HasB { get; set; } }";
        Assert.Contains("both take 2 octets", Single(source, "MPTCP008").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SubtypeOutOfRange()
    {
        const string source = "[MptcpOption(16, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { }";
        Assert.Equal("MPTCP009", Single(source, "MPTCP009").Id);
    }

    [Fact]
    public void WideWhenOnANarrowField()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFE)] public partial struct Opt { [Bits(3, 0x01)] public bool W { get; set; } [Field(WideWhen = nameof(W))] public uint A { get; set; } }";
        Assert.Equal("A", At(Single(source, "MPTCP010"), source));
    }

    [Fact]
    public void ListThatIsNotLast()
    {
        const string source = "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] public OctetList Ids { get; set; } [Field] public byte After { get; set; } }";
        Assert.Equal("Ids", At(Single(source, "MPTCP011"), source));
    }

    [Fact]
    public void HmacCoveringAnUnknownField()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Opt { [Field, Hmac(\"Nope\")] public ulong Mac { get; set; } }";
        Assert.Equal("Mac", At(Single(source, "MPTCP012"), source));
    }

    [Fact]
    public void LengthImpliedFieldWithoutPresenceMember()
    {
        const string source = "[MptcpOption(9)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Opt { [Field(Presence = FieldPresence.ByLength)] public ushort Port { get; set; } }";
        Assert.Equal("Port", At(Single(source, "MPTCP013"), source));
    }

    [Fact]
    public void AValidSchemaCompilesWithoutAnyWarning()
    {
        const string source =
            "[MptcpOption(9, Name = \"demo\")] [ReservedBits(2, 0x0E)] public partial record struct Demo { " +
            "[Bits(2, 0x01)] public bool Wide { get; set; } [Bits(3, 0xFF)] public byte Id { get; set; } " +
            "[Field(WideWhen = nameof(Wide))] public ulong Sequence { get; set; } " +
            "[Field] public MptcpAddress Address { get; set; } " +
            "[Field(Presence = FieldPresence.ByLength)] public ushort Port { get; set; } public bool HasPort { get; set; } " +
            "[Field(Presence = FieldPresence.ByLength), Hmac(nameof(Id), nameof(Address), nameof(Port))] public ulong Mac { get; set; } public bool HasMac { get; set; } }\n" +
            "[MptcpOption(10, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Ids { [Field(MinCount = 1)] public OctetList List { get; set; } }\n" +
            "[MptcpOptionUnion] public partial struct Any { }";
        (ImmutableArray<Diagnostic> generator, ImmutableArray<Diagnostic> compilation, GeneratorDriverRunResult run) = GeneratorHarness.Run(Usings + source);
        Assert.Empty(generator);
        Assert.Empty(compilation);
        Assert.Equal(3, run.GeneratedTrees.Length);
        Assert.Contains(run.GeneratedTrees, t => t.ToString().Contains("public readonly ulong ComputeMac(ulong senderKey, ulong receiverKey)", System.StringComparison.Ordinal));
    }
}
