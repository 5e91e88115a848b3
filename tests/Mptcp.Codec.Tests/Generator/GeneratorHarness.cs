using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Mptcp.Codec.Generator;

namespace Mptcp.Codec.Tests.Generator;

/// <summary>Runs the generator on source text, as a compiler would.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<MetadataReference[]> References = new(() => ReferencesWith());

    // With the Mptcp.Codec assembly too, for unions that include the SDK's built-in options.
    private static readonly Lazy<MetadataReference[]> SdkReferences = new(() => ReferencesWith(typeof(Mptcp.Codec.Options.MptcpOption).Assembly.Location));

    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    public static CSharpCompilation Compile(params string[] sources) => Compile(References.Value, sources);

    public static CSharpCompilation CompileWithSdk(params string[] sources) => Compile(SdkReferences.Value, sources);

    private static CSharpCompilation Compile(MetadataReference[] references, string[] sources) => CSharpCompilation.Create(
        "SchemaUnderTest",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
        references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static MetadataReference[] ReferencesWith(params string[] more) =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            // The test process's own assemblies are trusted too: of the SDK's, only the runtime (and what is asked for).
            .Where(path => !Path.GetFileName(path).StartsWith("Mptcp.Codec", StringComparison.Ordinal))
            .Append(typeof(Mptcp.Codec.Schema.MptcpOptionAttribute).Assembly.Location)
            .Concat(more)
            .Distinct()
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();

    public static GeneratorDriver CreateDriver() => CSharpGeneratorDriver.Create(
        [new MptcpOptionGenerator().AsSourceGenerator()],
        parseOptions: ParseOptions,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Generator diagnostics, and every diagnostic of the compilation with the generated code (warnings included).</summary>
    public static (ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Compilation, GeneratorDriverRunResult Run) Run(params string[] sources) =>
        Run(Compile(sources));

    /// <summary>As <see cref="Run(string[])"/>, with the Mptcp.Codec assembly referenced.</summary>
    public static (ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Compilation, GeneratorDriverRunResult Run) RunWithSdk(params string[] sources) =>
        Run(CompileWithSdk(sources));

    private static (ImmutableArray<Diagnostic> Generator, ImmutableArray<Diagnostic> Compilation, GeneratorDriverRunResult Run) Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> diagnostics);
        ImmutableArray<Diagnostic> all = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray();
        return (diagnostics, all, driver.GetRunResult());
    }

    public static IEnumerable<string> Ids(this ImmutableArray<Diagnostic> diagnostics) => diagnostics.Select(d => d.Id);
}
