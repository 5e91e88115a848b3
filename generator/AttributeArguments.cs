using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Generator;

/// <summary>
/// Reads schema attributes as an IDE may hand them over while they are being typed: with an argument missing, not a
/// constant, or of the wrong type. Nothing here throws; an attribute that did not bind is reported, not read.
/// </summary>
internal static class AttributeArguments
{
    private const string SchemaNamespace = "Mptcp.Codec.Schema";

    /// <summary>The schema attributes on <paramref name="symbol"/> that the compiler could not bind completely.</summary>
    public static IEnumerable<AttributeData> Unbound(ISymbol symbol) =>
        symbol.GetAttributes().Where(a => IsSchemaAttribute(a) && !IsBound(a));

    /// <summary>True when the attribute found its constructor and every argument is a constant the compiler accepted.</summary>
    public static bool IsBound(AttributeData attribute) =>
        attribute.AttributeConstructor is not null &&
        attribute.ConstructorArguments.Length == attribute.AttributeConstructor.Parameters.Length &&
        attribute.ConstructorArguments.All(IsConstant) &&
        attribute.NamedArguments.All(p => IsConstant(p.Value));

    /// <summary>The attribute's name as written in source (<c>Bits</c> for <c>BitsAttribute</c>).</summary>
    public static string ShortName(AttributeData attribute)
    {
        string name = attribute.AttributeClass?.Name ?? "?";
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    /// <summary>Constructor argument <paramref name="index"/> as an int, if it is one.</summary>
    public static bool TryInt(AttributeData attribute, int index, out int value)
    {
        value = 0;
        if (index >= attribute.ConstructorArguments.Length || attribute.ConstructorArguments[index].Value is not int number)
        {
            return false;
        }

        value = number;
        return true;
    }

    /// <summary>Constructor argument <paramref name="index"/> as a string, if it is one.</summary>
    public static string? String(AttributeData attribute, int index) =>
        index < attribute.ConstructorArguments.Length ? attribute.ConstructorArguments[index].Value as string : null;

    /// <summary>Constructor argument <paramref name="index"/> as an array of strings (the <c>params</c> of <c>[Hmac]</c>).</summary>
    public static string[] Strings(AttributeData attribute, int index) =>
        index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Kind == TypedConstantKind.Array
            ? attribute.ConstructorArguments[index].Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToArray()
            : new string[0];

    private static bool IsSchemaAttribute(AttributeData attribute) =>
        attribute.AttributeClass?.ContainingNamespace?.ToDisplayString() == SchemaNamespace;

    private static bool IsConstant(TypedConstant constant) =>
        constant.Kind != TypedConstantKind.Error &&
        (constant.Kind != TypedConstantKind.Array || constant.IsNull || constant.Values.All(IsConstant));
}
