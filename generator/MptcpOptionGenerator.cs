using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

/// <summary>
/// Turns every <c>[MptcpOption]</c> struct into its reader, writer and validator, and every
/// <c>[MptcpOptionUnion]</c> struct into a tagged union with a dispatcher over all of them.
/// </summary>
/// <remarks>
/// Two paths, as the logging and JSON generators of dotnet/runtime keep them: specs without source locations feed
/// the emitters, so an edit that only moves a declaration re-emits nothing; diagnostics carry their locations on the
/// side and are reported from their own steps.
/// </remarks>
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
            spc.AddSource(HintName(spec.Namespace, spec.TypeName, ".Codec.g.cs"), Emitter.EmitOption(spec)));

        IncrementalValuesProvider<UnionParseResult> unionResults = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                UnionAttribute,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (ctx, _) => Parser.ParseUnion(ctx))
            .WithTrackingName(TrackingNames.UnionResults);

        IncrementalValuesProvider<UnionSpec> unions = unionResults
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => r.Spec!)
            .WithTrackingName(TrackingNames.Unions);

        IncrementalValueProvider<EquatableArray<OptionSpec>> allSpecs = specs
            .Collect()
            .Select(static (all, _) => SpecRules.NameKinds(all.OrderBy(s => s.Subtype).ThenBy(s => s.FullName, System.StringComparer.Ordinal)).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllSpecs);

        // Read from the references: the SDK's union, for unions that include the built-in options. Value-equal, so
        // an edit of the user's code leaves it, and the union's output, cached.
        IncrementalValueProvider<BuiltInSet?> builtIn = context.CompilationProvider
            .Select(static (compilation, _) => Parser.FindBuiltIn(compilation))
            .WithTrackingName(TrackingNames.BuiltIn);

        // Diagnostics of the unions: their own shape, a missing Mptcp.Codec reference, variants no test tells apart.
        IncrementalValueProvider<ImmutableArray<(OptionSpec Spec, LocationInfo? Location)>> located = parsed
            .Where(static r => r.Spec is not null)
            .Select(static (r, _) => (r.Spec!, r.Location))
            .Collect();
        context.RegisterSourceOutput(unionResults.Combine(builtIn).Combine(located), static (spc, input) =>
        {
            ((UnionParseResult union, BuiltInSet? builtInSet), ImmutableArray<(OptionSpec Spec, LocationInfo? Location)> options) = input;
            foreach (DiagnosticInfo problem in union.Diagnostics)
            {
                spc.ReportDiagnostic(problem.ToDiagnostic());
            }

            if (union.Spec is { IncludeBuiltIn: true } && builtInSet is null)
            {
                spc.ReportDiagnostic(new DiagnosticInfo(DiagnosticDescriptors.BuiltInNotReferenced, union.Location, new[] { union.Spec.TypeName }.ToEquatableArray()).ToDiagnostic());
            }

            foreach (DiagnosticInfo problem in SpecRules.FindUnionConflicts(options.OrderBy(o => o.Spec.Subtype).ThenBy(o => o.Spec.FullName, System.StringComparer.Ordinal).ToImmutableArray()))
            {
                spc.ReportDiagnostic(problem.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(unions.Combine(allSpecs).Combine(builtIn), static (spc, input) =>
        {
            ((UnionSpec union, EquatableArray<OptionSpec> options), BuiltInSet? builtInSet) = input;
            bool emittable = !(union.IncludeBuiltIn && builtInSet is null) && !SpecRules.IndistinguishableVariants(options.ToArray()).Any() && !SpecRules.SharedKinds(options.ToArray()).Any();
            if (emittable)
            {
                spc.AddSource(HintName(union.Namespace, union.TypeName, ".Union.g.cs"), Emitter.EmitUnion(union, options, union.IncludeBuiltIn ? builtInSet : null));
            }
        });
    }

    // Fully qualified, so that two types of one name in different namespaces get files of their own.
    private static string HintName(string ns, string typeName, string suffix) =>
        (ns.Length == 0 ? typeName : ns + "." + typeName) + suffix;

    /// <summary>The parser's answer for one option struct: a spec when it is valid, its diagnostics, and where it is.</summary>
    internal sealed record ParseResult(OptionSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? Location);

    /// <summary>The parser's answer for one union struct.</summary>
    internal sealed record UnionParseResult(UnionSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, LocationInfo? Location);
}
