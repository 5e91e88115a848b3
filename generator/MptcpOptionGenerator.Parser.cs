using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

public sealed partial class MptcpOptionGenerator
{
    /// <summary>
    /// Reads the attributes and symbols of one struct into its value-equal spec, reporting what it cannot read; the
    /// checks that need only the model are <see cref="SpecRules"/>, the layout arithmetic <see cref="Layout"/>.
    /// </summary>
    internal static class Parser
    {
        private const string BitsAttribute = "Mptcp.Codec.Schema.BitsAttribute";
        private const string ReservedBitsAttribute = "Mptcp.Codec.Schema.ReservedBitsAttribute";
        private const string FieldAttribute = "Mptcp.Codec.Schema.FieldAttribute";
        private const string HmacAttribute = "Mptcp.Codec.Schema.HmacAttribute";
        private const string PresentWhenAttribute = "Mptcp.Codec.Schema.PresentWhenAttribute";
        private const string AbsentWhenAttribute = "Mptcp.Codec.Schema.AbsentWhenAttribute";
        private const string IPVersionOfAttribute = "Mptcp.Codec.Schema.IPVersionOfAttribute";
        private const int MaxOptionLength = 40;
        private const string SdkAssembly = "Mptcp.Codec";
        private const string SdkUnion = "Mptcp.Codec.Options.MptcpOption";

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            var diagnostics = new List<DiagnosticInfo>();
            Location typeLocation = syntax.Identifier.GetLocation();

            if (!syntax.Modifiers.Any(SyntaxKind.PartialKeyword) || type.ContainingType is not null || type.TypeKind != TypeKind.Struct)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotPartialStruct, typeLocation, type.Name));
                return Done(null, diagnostics);
            }

            // Half-typed attributes (an IDE mid-edit) are reported and the option skipped, never read.
            if (ReportUnbound(type, syntax, context.SemanticModel, typeLocation, diagnostics, cancellationToken))
            {
                return Done(null, diagnostics);
            }

            AttributeData attribute = context.Attributes[0];
            int subtype = AttributeArguments.TryInt(attribute, 0, out int s) ? s : -1;
            int headerLength = Named(attribute, "HeaderLength", 4);
            int fixedLength = Named(attribute, "Length", 0);
            int variant = Named(attribute, "Variant", 0);
            int matchMask = Named(attribute, "MatchMask", 0);
            int[] matchValues = NamedIntArray(attribute, "MatchValues");
            bool fallback = Named(attribute, "Fallback", false);
            string textName = NamedString(attribute, "Name") ?? type.Name;

            if (subtype is < 0 or > 15)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, "the subtype must be 0 to 15"));
            }

            if (variant is < 0 or > 15)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, "Variant must be 0 to 15"));
            }

            if (headerLength is < 3 or > MaxOptionLength)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, "HeaderLength must be 3 to 40"));
                return Done(null, diagnostics);
            }

            if ((matchMask & ~0x0F) != 0 || (matchMask != 0 && matchValues.Length == 0) || matchValues.Any(v => (v & ~matchMask) != 0))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, "MatchMask must select low bits of byte 2 and every MatchValue must lie within it"));
            }

            if (fallback && matchMask != 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, "a Fallback variant takes no MatchMask: it reads what the other variants' tests leave"));
            }

            var bits = new List<BitFieldSpec>();
            var fields = new List<FieldSpec>();
            var memberLocations = new Dictionary<string, Location>();
            foreach (MemberDeclarationSyntax member in syntax.Members)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach ((ISymbol symbol, ITypeSymbol memberType, Location location) in DeclaredMembers(member, context.SemanticModel, cancellationToken))
                {
                    memberLocations[symbol.Name] = location;
                    ParseMember(symbol, memberType, location, headerLength, bits, fields, diagnostics);
                }
            }

            foreach (FieldSpec field in fields.Where(f => f.HasPresenceProperty && !HasBoolMember(type, f.PresenceName)))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingPresenceMember, memberLocations[field.Name], field.Name, field.PresenceName));
            }

            CheckHeaderBits(type, typeLocation, headerLength, bits, memberLocations, diagnostics);
            CheckFields(fields, bits, memberLocations, diagnostics);
            List<LengthCombination> combinations = Layout.Combine(fields, out int? ambiguous);
            if (ambiguous is int total)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.AmbiguousLength, typeLocation, type.Name, total.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }

            if (fixedLength != 0 && !Layout.CanTake(fixedLength, headerLength, fields, combinations))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOptionAttribute, typeLocation, type.Name, $"no layout of its fields is {fixedLength} octets long"));
            }

            if (diagnostics.Count > 0)
            {
                return Done(null, diagnostics);
            }

            var spec = new OptionSpec(
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                type.IsRecord,
                subtype,
                headerLength,
                fixedLength,
                variant,
                matchMask,
                matchValues.ToEquatableArray(),
                fallback,
                textName,
                bits.ToEquatableArray(),
                fields.ToEquatableArray(),
                combinations.ToEquatableArray());
            return new ParseResult(spec, diagnostics.ToEquatableArray(), LocationInfo.From(typeLocation));
        }

        public static UnionParseResult ParseUnion(GeneratorAttributeSyntaxContext context)
        {
            var type = (INamedTypeSymbol)context.TargetSymbol;
            var syntax = (TypeDeclarationSyntax)context.TargetNode;
            LocationInfo? location = LocationInfo.From(syntax.Identifier.GetLocation());
            string? problem =
                !AttributeArguments.IsBound(context.Attributes[0]) ? "its [MptcpOptionUnion] arguments are incomplete" :
                type.TypeKind != TypeKind.Struct ? "it is not a struct" :
                !syntax.Modifiers.Any(SyntaxKind.PartialKeyword) ? "it is not partial" :
                type.ContainingType is not null ? "it is nested in another type" :
                type.IsGenericType ? "it is generic" :
                type.GetMembers().OfType<IFieldSymbol>().Any(f => !f.IsStatic && !f.IsImplicitlyDeclared) ||
                type.GetMembers().OfType<IPropertySymbol>().Any(p => !p.IsStatic && p.DeclaringSyntaxReferences.Any() && IsAutoProperty(p))
                    ? "it declares instance fields, which would overlay the options it holds" : null;
            if (problem is not null)
            {
                return new UnionParseResult(null, new[] { new DiagnosticInfo(DiagnosticDescriptors.InvalidUnion, location, new[] { type.Name, problem }.ToEquatableArray()) }.ToEquatableArray(), location);
            }

            var spec = new UnionSpec(
                type.ContainingNamespace.IsGlobalNamespace ? string.Empty : type.ContainingNamespace.ToDisplayString(),
                type.Name,
                IsSdkUnion: type.ContainingAssembly.Name == SdkAssembly,
                IncludeBuiltIn: Named(context.Attributes[0], "IncludeBuiltIn", false));
            return new UnionParseResult(spec, EquatableArray<DiagnosticInfo>.Empty, location);
        }

        // A property with a compiler-made backing field (an instance field in all but name).
        private static bool IsAutoProperty(IPropertySymbol property) =>
            property.ContainingType.GetMembers().OfType<IFieldSymbol>().Any(f => SymbolEqualityComparer.Default.Equals(f.AssociatedSymbol, property));

        /// <summary>
        /// The SDK's union as a referenced Mptcp.Codec assembly declares it: the options its constructors take and its
        /// kinds' values. Null when the compilation references no such assembly (or is that assembly).
        /// </summary>
        public static BuiltInSet? FindBuiltIn(Compilation compilation)
        {
            INamedTypeSymbol? union = compilation.GetTypeByMetadataName(SdkUnion);
            INamedTypeSymbol? kinds = compilation.GetTypeByMetadataName(SdkUnion + "Kind");
            if (union is null || kinds is null || SymbolEqualityComparer.Default.Equals(union.ContainingAssembly, compilation.Assembly))
            {
                return null;
            }

            var values = kinds.GetMembers().OfType<IFieldSymbol>()
                .Where(f => f.HasConstantValue)
                .ToDictionary(f => f.Name, f => System.Convert.ToInt32(f.ConstantValue, System.Globalization.CultureInfo.InvariantCulture));
            var options = new List<BuiltInOption>();
            foreach (IMethodSymbol constructor in union.InstanceConstructors)
            {
                if (constructor.DeclaredAccessibility == Accessibility.Public && constructor.Parameters.Length == 1 &&
                    constructor.Parameters[0].Type is INamedTypeSymbol option && values.TryGetValue(option.Name, out int value))
                {
                    options.Add(new BuiltInOption(option.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat), option.Name, value));
                }
            }

            return new BuiltInSet("global::" + SdkUnion, options.OrderBy(o => o.KindValue).ToEquatableArray());
        }

        /// <summary>Reports every schema attribute of the type and its members that did not bind; true when there was one.</summary>
        private static bool ReportUnbound(
            INamedTypeSymbol type, TypeDeclarationSyntax syntax, SemanticModel model, Location typeLocation,
            List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            int before = diagnostics.Count;
            foreach (AttributeData unbound in AttributeArguments.Unbound(type))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnboundAttribute, typeLocation, AttributeArguments.ShortName(unbound), type.Name));
            }

            foreach (MemberDeclarationSyntax member in syntax.Members)
            {
                foreach ((ISymbol symbol, ITypeSymbol _, Location location) in DeclaredMembers(member, model, cancellationToken))
                {
                    foreach (AttributeData unbound in AttributeArguments.Unbound(symbol))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnboundAttribute, location, AttributeArguments.ShortName(unbound), symbol.Name));
                    }
                }
            }

            return diagnostics.Count > before;
        }

        private static ParseResult Done(OptionSpec? spec, List<DiagnosticInfo> diagnostics) =>
            new(spec, diagnostics.ToEquatableArray(), null);

        private static IEnumerable<(ISymbol Symbol, ITypeSymbol Type, Location Location)> DeclaredMembers(
            MemberDeclarationSyntax member, SemanticModel model, CancellationToken cancellationToken)
        {
            if (member is FieldDeclarationSyntax field)
            {
                foreach (VariableDeclaratorSyntax variable in field.Declaration.Variables)
                {
                    if (model.GetDeclaredSymbol(variable, cancellationToken) is IFieldSymbol symbol)
                    {
                        yield return (symbol, symbol.Type, variable.Identifier.GetLocation());
                    }
                }
            }
            else if (member is PropertyDeclarationSyntax property &&
                     model.GetDeclaredSymbol(property, cancellationToken) is IPropertySymbol symbol)
            {
                yield return (symbol, symbol.Type, property.Identifier.GetLocation());
            }
        }

        private static void ParseMember(
            ISymbol symbol, ITypeSymbol memberType, Location location, int headerLength,
            List<BitFieldSpec> bits, List<FieldSpec> fields, List<DiagnosticInfo> diagnostics)
        {
            AttributeData? bitsAttribute = Find(symbol, BitsAttribute);
            AttributeData? fieldAttribute = Find(symbol, FieldAttribute);
            AttributeData? hmacAttribute = Find(symbol, HmacAttribute);
            (MemberType? kind, string? enumType) = Classify(memberType);
            if ((bitsAttribute is not null || fieldAttribute is not null) && !IsSettable(symbol))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NotSettable, location, symbol.Name));
                return;
            }

            if (bitsAttribute is not null)
            {
                AttributeArguments.TryInt(bitsAttribute, 0, out int offset);
                AttributeArguments.TryInt(bitsAttribute, 1, out int mask);
                if (kind is not (MemberType.Boolean or MemberType.UInt8))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMemberType, location, symbol.Name, memberType.ToDisplayString(), "a header bit field (bool or byte)"));
                    return;
                }

                string? problem = SpecRules.MaskProblem(offset, mask, headerLength, kind == MemberType.Boolean);
                if (problem is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBitMask, location, symbol.Name, mask.ToString("X", System.Globalization.CultureInfo.InvariantCulture), offset.ToString(System.Globalization.CultureInfo.InvariantCulture), problem));
                    return;
                }

                AttributeData? versionOf = Find(symbol, IPVersionOfAttribute);
                string? ipVersionOf = versionOf is null ? null : AttributeArguments.String(versionOf, 0);
                bits.Add(new BitFieldSpec(symbol.Name, kind.Value, enumType, offset, mask, ipVersionOf));
                return;
            }

            if (fieldAttribute is null)
            {
                return; // Not part of the wire form (a helper property, say).
            }

            if (kind is null or MemberType.Boolean)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedMemberType, location, symbol.Name, memberType.ToDisplayString(), "a field after the header"));
                return;
            }

            var presence = (PresenceKind)Named(fieldAttribute, "Presence", 0);
            string[] covers = hmacAttribute is null
                ? System.Array.Empty<string>()
                : AttributeArguments.Strings(hmacAttribute, 0);
            fields.Add(new FieldSpec(
                symbol.Name,
                kind.Value,
                enumType,
                NamedString(fieldAttribute, "When"),
                NamedString(fieldAttribute, "WideWhen"),
                presence,
                Named(fieldAttribute, "MinCount", 0),
                covers.ToEquatableArray(),
                PresenceRules(symbol).ToEquatableArray()));
        }

        private static PresenceRule[] PresenceRules(ISymbol symbol) =>
            symbol.GetAttributes()
                .Select(a => (Name: a.AttributeClass?.ToDisplayString(), Arguments: a.ConstructorArguments))
                .Where(a => a.Name is PresentWhenAttribute or AbsentWhenAttribute && a.Arguments.Length == 2)
                .Select(a => new PresenceRule(
                    a.Arguments[0].Value as string ?? string.Empty,
                    Literal(a.Arguments[1].Value),
                    a.Name == PresentWhenAttribute))
                .ToArray();

        // The rule's value as the C# literal the emitter compares with; empty when it is neither a bool nor an integer.
        private static string Literal(object? value) => value switch
        {
            bool flag => flag ? "true" : "false",
            int number when number >= 0 => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            byte number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => string.Empty,
        };

        private static void CheckHeaderBits(
            INamedTypeSymbol type, Location typeLocation, int headerLength, List<BitFieldSpec> bits,
            Dictionary<string, Location> locations, List<DiagnosticInfo> diagnostics)
        {
            var owners = new Dictionary<(int Offset, int Bit), string>();
            void Claim(int offset, int mask, string owner, Location location)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((mask & (1 << bit)) == 0)
                    {
                        continue;
                    }

                    if (owners.TryGetValue((offset, bit), out string? previous))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OverlappingBits, location, offset.ToString(System.Globalization.CultureInfo.InvariantCulture), (1 << bit).ToString("X2", System.Globalization.CultureInfo.InvariantCulture), previous, owner));
                        return;
                    }

                    owners[(offset, bit)] = owner;
                }
            }

            Claim(2, 0xF0, "the subtype", typeLocation);
            foreach (AttributeData reserved in type.GetAttributes().Where(a => a.AttributeClass?.ToDisplayString() == ReservedBitsAttribute))
            {
                AttributeArguments.TryInt(reserved, 0, out int offset);
                AttributeArguments.TryInt(reserved, 1, out int mask);
                Location location = reserved.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? typeLocation;
                if (offset < 2 || offset >= headerLength || mask is <= 0 or > 0xFF)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidBitMask, location, "[ReservedBits]", mask.ToString("X", System.Globalization.CultureInfo.InvariantCulture), offset.ToString(System.Globalization.CultureInfo.InvariantCulture), $"reserved bits must lie in header bytes 2 to {headerLength - 1}"));
                    continue;
                }

                Claim(offset, mask, "[ReservedBits]", location);
            }

            foreach (BitFieldSpec bit in bits)
            {
                Claim(bit.Offset, bit.Mask, bit.Name, locations[bit.Name]);
            }

            for (int offset = 2; offset < headerLength; offset++)
            {
                int missing = 0;
                for (int bit = 0; bit < 8; bit++)
                {
                    if (!owners.ContainsKey((offset, bit)))
                    {
                        missing |= 1 << bit;
                    }
                }

                if (missing != 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.IncompleteHeaderByte, typeLocation, offset.ToString(System.Globalization.CultureInfo.InvariantCulture), missing.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        private static void CheckFields(
            List<FieldSpec> fields, List<BitFieldSpec> bits, Dictionary<string, Location> locations, List<DiagnosticInfo> diagnostics)
        {
            bool IsFlag(string name) => bits.Any(b => b.Name == name && b.Type == MemberType.Boolean);
            for (int i = 0; i < fields.Count; i++)
            {
                FieldSpec field = fields[i];
                Location location = locations[field.Name];
                foreach (string? flag in new[] { field.When, field.WideWhen })
                {
                    if (flag is not null && !IsFlag(flag))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownFlag, location, field.Name, flag));
                    }
                }

                if (field.WideWhen is not null && field.Type != MemberType.UInt64)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldShape, location, field.Name, "WideWhen needs a ulong field"));
                }

                if (field.MinCount != 0 && field.Type != MemberType.OctetList)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldShape, location, field.Name, "MinCount applies only to an OctetList"));
                }

                if (field.Type == MemberType.OctetList &&
                    (i != fields.Count - 1 || field.Presence != PresenceKind.Always || field.When is not null || fields.Any(f => f.IsLengthImplied)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ListNotLast, location, field.Name));
                }

                foreach (string cover in field.HmacCovers)
                {
                    FieldSpec? covered = fields.FirstOrDefault(f => f.Name == cover);
                    bool coverable = covered is { Type: MemberType.UInt8 or MemberType.UInt16 or MemberType.Address } ||
                                     bits.Any(b => b.Name == cover && b.Type == MemberType.UInt8 && b.EnumType is null);
                    if (!coverable)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownHmacCover, location, field.Name, cover));
                    }
                }

                if (field.HmacCovers.Count > 0 && field.Type != MemberType.UInt64)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidFieldShape, location, field.Name, "an [Hmac] field must be a ulong"));
                }

                foreach (PresenceRule rule in field.Rules)
                {
                    string? problem = SpecRules.RuleProblem(field, rule, bits.FirstOrDefault(b => b.Name == rule.Member));
                    if (problem is not null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRule, location, field.Name, problem));
                    }
                }
            }

            foreach (BitFieldSpec bit in bits.Where(b => b.IPVersionOf is not null))
            {
                if (bit.Type != MemberType.UInt8 || bit.MaxValue < 6)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRule, locations[bit.Name], bit.Name, "[IPVersionOf] needs a byte bit field that can hold 6"));
                }

                if (!fields.Any(f => f.Name == bit.IPVersionOf && f.Type == MemberType.Address))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidRule, locations[bit.Name], bit.Name, $"[IPVersionOf] names '{bit.IPVersionOf}', which is not an address field of this option"));
                }
            }
        }

        private static (MemberType? Kind, string? EnumType) Classify(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { TypeKind: TypeKind.Enum, EnumUnderlyingType.SpecialType: SpecialType.System_Byte } enumType)
            {
                return (MemberType.UInt8, enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            }

            MemberType? kind = type.SpecialType switch
            {
                SpecialType.System_Boolean => MemberType.Boolean,
                SpecialType.System_Byte => MemberType.UInt8,
                SpecialType.System_UInt16 => MemberType.UInt16,
                SpecialType.System_UInt32 => MemberType.UInt32,
                SpecialType.System_UInt64 => MemberType.UInt64,
                _ => type.ToDisplayString() switch
                {
                    "Mptcp.Codec.Octets20" => MemberType.Octets20,
                    "Mptcp.Codec.MptcpAddress" => MemberType.Address,
                    "Mptcp.Codec.OctetList" => MemberType.OctetList,
                    _ => null,
                },
            };
            return (kind, null);
        }

        // The reader assigns every member: a get-only or init-only property, or a readonly field, cannot take a value.
        private static bool IsSettable(ISymbol symbol) => symbol switch
        {
            IPropertySymbol property => property.GetMethod is not null && property.SetMethod is { IsInitOnly: false },
            IFieldSymbol field => !field.IsReadOnly && !field.IsConst,
            _ => false,
        };

        private static bool HasBoolMember(INamedTypeSymbol type, string name) =>
            type.GetMembers(name).Any(m =>
                (m is IPropertySymbol { Type.SpecialType: SpecialType.System_Boolean, IsStatic: false, GetMethod: not null, SetMethod.IsInitOnly: false }) ||
                (m is IFieldSymbol { Type.SpecialType: SpecialType.System_Boolean, IsStatic: false, IsReadOnly: false }));

        private static AttributeData? Find(ISymbol symbol, string name) =>
            symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == name);

        private static T Named<T>(AttributeData attribute, string name, T fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> pair in attribute.NamedArguments)
            {
                if (pair.Key == name && pair.Value.Value is T value)
                {
                    return value;
                }
            }

            return fallback;
        }

        private static string? NamedString(AttributeData attribute, string name) =>
            attribute.NamedArguments.FirstOrDefault(p => p.Key == name).Value.Value as string;

        private static int[] NamedIntArray(AttributeData attribute, string name)
        {
            TypedConstant value = attribute.NamedArguments.FirstOrDefault(p => p.Key == name).Value;
            return value.Kind == TypedConstantKind.Array && !value.IsNull ? value.Values.Where(v => v.Value is int).Select(v => (int)v.Value!).ToArray() : new int[0];
        }
    }
}
