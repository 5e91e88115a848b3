using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Generator.Model;

/// <summary>A diagnostic held by value until the diagnostics pipeline reports it.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() => Diagnostic.Create(
        Descriptor,
        Location?.ToLocation(),
        System.Linq.Enumerable.ToArray<object?>(Arguments));
}
