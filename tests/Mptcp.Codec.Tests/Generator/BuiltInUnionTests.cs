using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Tests.Generator;

/// <summary><c>[MptcpOptionUnion(IncludeBuiltIn = true)]</c> in a compilation that references the Mptcp.Codec package, and one that does not.</summary>
public sealed class BuiltInUnionTests
{
    private const string Schema =
        "using Mptcp.Codec.Schema;\nnamespace Vendor;\n" +
        "[MptcpOption(0xF, Length = 6, Name = \"tag\")] public partial record struct TagOption { [Bits(2, 0x0F)] public byte Low { get; set; } [Bits(3, 0xFF)] public byte High { get; set; } [Field] public ushort Tag { get; set; } }\n" +
        "[MptcpOptionUnion(IncludeBuiltIn = true)] public partial struct VendorOptions { }";

    [Fact]
    public void CompilesCleanlyAgainstThePackage()
    {
        (ImmutableArray<Diagnostic> generator, ImmutableArray<Diagnostic> compilation, GeneratorDriverRunResult run) = GeneratorHarness.RunWithSdk(Schema);
        Assert.Empty(generator);
        Assert.Empty(compilation);
        string union = run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(".Union.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();

        // The SDK's kinds keep their numbers; the union's own are their (subtype << 4 | variant) + 1 after 0x100.
        Assert.Contains("DssOption = 0x021,", union, System.StringComparison.Ordinal);
        Assert.Contains("TagOption = 0x1F1,", union, System.StringComparison.Ordinal);
        Assert.Contains("public readonly bool TryGet(out global::Mptcp.Codec.Options.MpTcpRstOption value)", union, System.StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutThePackageItIsADiagnosticAtTheUnion()
    {
        (ImmutableArray<Diagnostic> generator, _, GeneratorDriverRunResult run) = GeneratorHarness.Run(Schema);
        Assert.All(run.Results, r => Assert.Null(r.Exception));
        Diagnostic diagnostic = Assert.Single(generator);
        Assert.Equal("MPTCP015", diagnostic.Id);
        Assert.Equal("VendorOptions", Schema.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
    }

    [Fact]
    public void AnEditLeavesTheBuiltInSetAndTheUnionCached()
    {
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation first = GeneratorHarness.CompileWithSdk(Schema, "namespace Vendor; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        SyntaxTree other = first.SyntaxTrees.Last();
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation second = first.ReplaceSyntaxTree(other, Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(
            "namespace Vendor; public static class Other { public static int Value => 2; }", GeneratorHarness.ParseOptions, path: other.FilePath));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();
        Assert.All(result.TrackedSteps[Mptcp.Codec.Generator.TrackingNames.BuiltIn].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
