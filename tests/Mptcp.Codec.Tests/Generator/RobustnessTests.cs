using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>
/// What an IDE hands the generator while a schema is being typed, and schema shapes the emitter cannot serve: each is
/// a diagnostic with its ID at the declaration, never an exception from the generator.
/// </summary>
public sealed class RobustnessTests
{
    private const string Usings = "using Mptcp.Codec; using Mptcp.Codec.Schema;\nnamespace Test;\n";

    private const string Valid = "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] public uint A { get; set; } }";

    // Attributes with an argument missing, not a constant, of the wrong type, or misspelt, on the type and on a member.
    public static TheoryData<string, string> HalfTyped() => new()
    {
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2)] public partial struct Opt { [Field] public uint A { get; set; } }", "Opt" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Bits(2)] public bool B { get; set; } [Field] public uint A { get; set; } }", "B" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { static int x = 1; [Bits(2, x)] public bool B { get; set; } }", "B" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Bits(\"2\", 0x01)] public bool B { get; set; } }", "B" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field(When = 3)] public uint A { get; set; } }", "A" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] [Hmac(1, 2)] public ulong Mac { get; set; } }", "Mac" },
        { "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field(Presence = FieldPresence.ByLength)] [PresentWhen(\"E\")] public ulong Mac { get; set; } public bool HasMac { get; set; } }", "Mac" },
        { "[MptcpOption(HeaderLength = 3)] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] public uint A { get; set; } }", "Opt" },
        { "[MptcpOption(9, HeaderLength = \"3\")] [ReservedBits(2, 0x0F)] public partial struct Opt { [Field] public uint A { get; set; } }", "Opt" },
        { "[MptcpOption(9, HeaderLength = 3, MatchValues = new[] { x })] [ReservedBits(2, 0x0F)] public partial struct Opt { static int x; [Field] public uint A { get; set; } }", "Opt" },
    };

    [Theory]
    [MemberData(nameof(HalfTyped))]
    public void AHalfTypedAttributeIsADiagnosticNotAnException(string source, string at)
    {
        (ImmutableArray<Diagnostic> generator, _, GeneratorDriverRunResult run) = GeneratorHarness.Run(Usings + source);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Diagnostic diagnostic = Assert.Single(generator, d => d.Id == "MPTCP016");
        Assert.Equal(at, (Usings + source).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Empty(run.Results.Single().GeneratedSources.Where(s => s.HintName.StartsWith("Test.Opt", System.StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("public struct Any { }", "it is not partial")]
    [InlineData("public partial class Any { }", "it is not a struct")]
    [InlineData("public partial struct Any { private int _mine; }", "it declares instance fields")]
    [InlineData("public partial struct Any { public int Mine { get; set; } }", "it declares instance fields")]
    [InlineData("public static partial class Outer { [MptcpOptionUnion] public partial struct Any { } }", "it is nested in another type")]
    public void AUnionOfTheWrongShapeIsADiagnostic(string union, string reason)
    {
        string source = Valid + "\n" + (union.StartsWith("public static", System.StringComparison.Ordinal) ? union : "[MptcpOptionUnion] " + union);
        (ImmutableArray<Diagnostic> generator, _, GeneratorDriverRunResult run) = GeneratorHarness.Run(Usings + source);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Diagnostic diagnostic = Assert.Single(generator, d => d.Id == "MPTCP017");
        Assert.Contains(reason, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        Assert.DoesNotContain(run.Results.Single().GeneratedSources, s => s.HintName.EndsWith(".Union.g.cs", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[Field] public uint A { get; }", "A")]
    [InlineData("[Field] public uint A { get; init; }", "A")]
    [InlineData("[Bits(2, 0x01)] public bool B { get; init; }", "B")]
    [InlineData("[Field] public readonly uint A;", "A")]
    public void AMemberTheReaderCannotSetIsADiagnostic(string member, string at)
    {
        string source = "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0E)] public partial struct Opt { " + member + " }";
        (ImmutableArray<Diagnostic> generator, _, GeneratorDriverRunResult run) = GeneratorHarness.Run(Usings + source);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Diagnostic diagnostic = Assert.Single(generator, d => d.Id == "MPTCP018");
        Assert.Equal(at, (Usings + source).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void ARuleOnAnEnumBitFieldIsADiagnostic()
    {
        const string source = "public enum Mode : byte { A, B }\n" +
            "[MptcpOption(9, HeaderLength = 3)] public partial struct Opt { [Bits(2, 0x0F)] public Mode M { get; set; } " +
            "[Field(Presence = FieldPresence.ByLength)] [PresentWhen(nameof(M), 1)] public ulong Mac { get; set; } public bool HasMac { get; set; } }";
        (ImmutableArray<Diagnostic> generator, _, _) = GeneratorHarness.Run(Usings + source);
        Diagnostic diagnostic = Assert.Single(generator);
        Assert.Equal("MPTCP014", diagnostic.Id);
        Assert.Contains("enum bit field", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void TwoOptionsOfOneSubtypeWithTheSameVariantAreADiagnostic()
    {
        const string source =
            "[MptcpOption(9, Length = 8)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct First { [Field] public uint A { get; set; } }\n" +
            "[MptcpOption(9, Length = 12)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial struct Second { [Field] public ulong B { get; set; } }\n" +
            "[MptcpOptionUnion] public partial struct Any { }";
        (ImmutableArray<Diagnostic> generator, _, _) = GeneratorHarness.Run(Usings + source);
        Diagnostic diagnostic = Assert.Single(generator);
        Assert.Equal("MPTCP019", diagnostic.Id);
        Assert.Equal("Second", (Usings + source).Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void OptionsOfOneNameInTwoNamespacesCompile()
    {
        const string a = "using Mptcp.Codec.Schema;\nnamespace Vendor.A;\n[MptcpOption(9, Length = 8)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial record struct Probe { [Field] public uint A { get; set; } }";
        const string b = "using Mptcp.Codec.Schema;\nnamespace Vendor.B;\n[MptcpOption(9, Variant = 1, Length = 12)] [ReservedBits(2, 0x0F)] [ReservedBits(3, 0xFF)] public partial record struct Probe { [Field] public ulong B { get; set; } }";
        const string union = "using Mptcp.Codec.Schema;\nnamespace Vendor;\n[MptcpOptionUnion] public partial struct Both { }";
        (ImmutableArray<Diagnostic> generator, ImmutableArray<Diagnostic> compilation, GeneratorDriverRunResult run) = GeneratorHarness.Run(a, b, union);
        Assert.Empty(generator);
        Assert.Empty(compilation);
        string[] hints = run.Results.Single().GeneratedSources.Select(s => s.HintName).Order(System.StringComparer.Ordinal).ToArray();
        Assert.Equal(["Vendor.A.Probe.Codec.g.cs", "Vendor.B.Probe.Codec.g.cs", "Vendor.Both.Union.g.cs"], hints);
        string text = run.Results.Single().GeneratedSources.Single(s => s.HintName == "Vendor.Both.Union.g.cs").SourceText.ToString();
        Assert.Contains("Vendor_A_Probe = 0x091,", text, System.StringComparison.Ordinal);
        Assert.Contains("Vendor_B_Probe = 0x092,", text, System.StringComparison.Ordinal);
    }
}
