using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mptcp.Codec.Generator;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>
/// The code generated for the SDK's own schema (schema/Options), held as baselines: a change to the emitter shows as a
/// diff of DSS, ADD_ADDR and the union in review. After a deliberate change, rewrite them with
/// <c>MPTCP_UPDATE_BASELINES=1 ./test.sh --filter FullyQualifiedName~BaselineTests</c> and read the diff.
/// </summary>
public sealed class BaselineTests
{
    private const string Version = "0.0.0.0";

    [Theory]
    [InlineData("Mptcp.Codec.Options.DssOption.Codec.g.cs")]
    [InlineData("Mptcp.Codec.Options.AddAddressOption.Codec.g.cs")]
    [InlineData("Mptcp.Codec.Options.MptcpOption.Union.g.cs")]
    public void GeneratedCodeEqualsItsBaseline(string hintName)
    {
        string generated = Generate().Single(s => s.HintName == hintName).SourceText.ToString()
            .Replace(typeof(MptcpOptionGenerator).Assembly.GetName().Version!.ToString(), Version, StringComparison.Ordinal);
        string baseline = Path.Combine(Samples.Root, "tests", "Mptcp.Codec.Tests", "Generator", "Baselines", hintName + ".txt");
        if (Environment.GetEnvironmentVariable("MPTCP_UPDATE_BASELINES") == "1")
        {
            File.WriteAllText(baseline, generated);
        }

        Assert.True(File.Exists(baseline), $"no baseline {baseline}: run with MPTCP_UPDATE_BASELINES=1 once and review it");
        Assert.Equal(File.ReadAllText(baseline), generated);
    }

    [Fact]
    public void TheSdksSchemaGeneratesWithoutDiagnostics() =>
        Assert.Empty(Run().Diagnostics);

    private static GeneratedSourceResult[] Generate() => Run().GeneratedSources.ToArray();

    // The schema's own sources, compiled as the Mptcp.Codec assembly is (so its union is the SDK's).
    private static GeneratorRunResult Run()
    {
        string folder = Path.Combine(Samples.Root, "schema", "Options");
        SyntaxTree[] trees = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), GeneratorHarness.ParseOptions, path: f))
            .ToArray();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Mptcp.Codec",
            trees,
            GeneratorHarness.Compile().References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
    }
}
