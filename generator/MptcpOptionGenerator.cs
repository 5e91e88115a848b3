using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

/// <summary>
/// Turns every <c>[MptcpOption]</c> struct into its reader, writer and validator, and every
/// <c>[MptcpOptionUnion]</c> struct into a tagged union with a dispatcher over all of them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class MptcpOptionGenerator : IIncrementalGenerator
{
    internal const string OptionAttribute = "Mptcp.Codec.Schema.MptcpOptionAttribute";
    internal const string UnionAttribute = "Mptcp.Codec.Schema.MptcpOptionUnionAttribute";

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                OptionAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.ParseResults);

        IncrementalValuesProvider<OptionSpec> specs = parsed
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .WithTrackingName(TrackingNames.Specs);

        IncrementalValuesProvider<DiagnosticInfo> diagnostics = parsed
            .SelectMany(static (r, _) => r.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (spc, d) => spc.ReportDiagnostic(d.ToDiagnostic()));
        context.RegisterSourceOutput(specs, static (spc, spec) =>
            spc.AddSource(spec.TypeName + ".Codec.g.cs", Emitter.EmitOption(spec)));

        IncrementalValuesProvider<UnionSpec> unions = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                UnionAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, _) => Parser.ParseUnion(ctx))
            .WithTrackingName(TrackingNames.Unions);

        IncrementalValueProvider<EquatableArray<OptionSpec>> allSpecs = specs
            .Collect()
            .Select(static (all, _) => all.OrderBy(s => s.Subtype).ThenBy(s => s.FullName, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllSpecs);

        // Read from the references: the SDK's union, for unions that include the built-in options. Value-equal, so
        // an edit of the user's code leaves it, and the union's output, cached.
        IncrementalValueProvider<BuiltInSet?> builtIn = context.CompilationProvider
            .Select(static (compilation, _) => Parser.FindBuiltIn(compilation))
            .WithTrackingName(TrackingNames.BuiltIn);

        context.RegisterSourceOutput(unions.Combine(allSpecs).Combine(builtIn), static (spc, input) =>
        {
            ((UnionSpec union, EquatableArray<OptionSpec> specs), BuiltInSet? builtInSet) = input;
            ImmutableArray<DiagnosticInfo> problems = Parser.FindIndistinguishableVariants(specs);
            if (union.IncludeBuiltIn && builtInSet is null)
            {
                problems = problems.Add(new DiagnosticInfo(DiagnosticDescriptors.BuiltInNotReferenced, union.Location, new[] { union.TypeName }.ToEquatableArray()));
            }

            foreach (DiagnosticInfo problem in problems)
            {
                spc.ReportDiagnostic(problem.ToDiagnostic());
            }

            if (problems.IsEmpty)
            {
                spc.AddSource(union.TypeName + ".Union.g.cs", Emitter.EmitUnion(union, specs, union.IncludeBuiltIn ? builtInSet : null));
            }
        });
    }

    /// <summary>The parser's answer for one struct: a spec when it is valid, and its diagnostics.</summary>
    internal sealed record ParseResult(OptionSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
}
