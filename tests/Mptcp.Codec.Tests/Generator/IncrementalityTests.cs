using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mptcp.Codec.Generator;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>An edit unrelated to the schema leaves every named pipeline step cached.</summary>
public sealed class IncrementalityTests
{
    private const string Schema =
        "using Mptcp.Codec.Schema;\nnamespace Test;\n" +
        "[MptcpOption(9, HeaderLength = 3)] [ReservedBits(2, 0x0E)] public partial struct Opt { [Bits(2, 0x01)] public bool Flag { get; set; } }\n" +
        "[MptcpOptionUnion] public partial struct Any { }";

    [Fact]
    public void UnrelatedEditKeepsEveryStepCached()
    {
        CSharpCompilation first = GeneratorHarness.Compile(Schema, "namespace Test; public static class Other { public static int Value => 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);

        SyntaxTree other = first.SyntaxTrees.Last();
        CSharpCompilation second = first.ReplaceSyntaxTree(other, CSharpSyntaxTree.ParseText(
            "namespace Test; public static class Other { public static int Value => 2; }", GeneratorHarness.ParseOptions, path: other.FilePath));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();

        foreach (string step in new[] { TrackingNames.ParseResults, TrackingNames.Specs, TrackingNames.Unions, TrackingNames.AllSpecs, TrackingNames.BuiltIn })
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), step + " is not tracked");
            Assert.All(
                result.TrackedSteps[step].SelectMany(s => s.Outputs),
                output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{step}: {output.Reason}"));
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void EditingTheSchemaReRunsTheParser()
    {
        CSharpCompilation first = GeneratorHarness.Compile(Schema);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(first);
        CSharpCompilation second = first.ReplaceSyntaxTree(first.SyntaxTrees.Single(), CSharpSyntaxTree.ParseText(
            Schema.Replace("MptcpOption(9,", "MptcpOption(10,", System.StringComparison.Ordinal), GeneratorHarness.ParseOptions, path: first.SyntaxTrees.Single().FilePath));
        GeneratorRunResult result = driver.RunGenerators(second).GetRunResult().Results.Single();
        Assert.Contains(result.TrackedSteps[TrackingNames.Specs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
    }
}
