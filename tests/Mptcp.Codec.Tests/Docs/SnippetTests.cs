using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Mptcp.Codec.Generator;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Docs;

/// <summary>
/// Every C# snippet of the README, of docs/schema-model.md and of the peer and packet packages' readmes compiles exactly as shown, its <c>using</c> lines
/// included, against the SDK's assemblies and with the SDK's generator, as a program when it has statements.
/// </summary>
public sealed partial class SnippetTests
{
    public static TheoryData<string, int> Snippets()
    {
        var data = new TheoryData<string, int>();
        foreach (string document in Documents)
        {
            for (int i = 0; i < Blocks(document).Count; i++)
            {
                data.Add(document, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void CompilesAsShown(string document, int index)
    {
        string code = Blocks(document)[index];
        SyntaxTree tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: $"{document}#{index}");
        bool program = tree.GetRoot().DescendantNodes().OfType<GlobalStatementSyntax>().Any();
        CSharpCompilation compilation = CSharpCompilation.Create(
            "Snippet",
            [tree],
            References.Value,
            new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
        CSharpGeneratorDriver.Create(new MptcpOptionGenerator()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()));
    }

    [Fact]
    public void TheDocumentsHaveSnippets() => Assert.True(Documents.Sum(d => Blocks(d).Count) >= 6);

    private static readonly string[] Documents = ["README.md", "docs/schema-model.md", "peer/README.md", "packet/README.md"];

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("Mptcp.Codec.Tests", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray());

    private static List<string> Blocks(string document) =>
        FencedCSharp().Matches(File.ReadAllText(Path.Combine(Samples.Root, document))).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("^```csharp\\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedCSharp();
}
