using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

/// <summary>
/// The checks of a schema that need only its model, not Roslyn's symbols: bit masks, presence rules, and the variants
/// of one subtype in a union (told apart, numbered, named). Testable on hand-made specs.
/// </summary>
internal static class SpecRules
{
    /// <summary>Two variants of one subtype that no length or header-bit test tells apart, as (first, second) indexes.</summary>
    public static IEnumerable<(int First, int Second)> IndistinguishableVariants(IReadOnlyList<OptionSpec> specs)
    {
        for (int i = 0; i < specs.Count; i++)
        {
            for (int j = i + 1; j < specs.Count; j++)
            {
                if (specs[i].Subtype == specs[j].Subtype && Overlap(specs[i], specs[j]))
                {
                    yield return (i, j);
                }
            }
        }
    }

    /// <summary>Two options of one subtype that declare the same <c>Variant</c>, so the same kind value.</summary>
    public static IEnumerable<(int First, int Second)> SharedKinds(IReadOnlyList<OptionSpec> specs)
    {
        for (int i = 0; i < specs.Count; i++)
        {
            for (int j = i + 1; j < specs.Count; j++)
            {
                if (specs[i].KindValue == specs[j].KindValue)
                {
                    yield return (i, j);
                }
            }
        }
    }

    /// <summary>Kind names for a union: the type name, or with its namespace (dots as '_') when two options share one.</summary>
    public static IEnumerable<OptionSpec> NameKinds(IEnumerable<OptionSpec> specs)
    {
        List<OptionSpec> all = specs.ToList();
        return all.Select(s => all.Count(o => o.TypeName == s.TypeName) > 1
            ? s with { KindName = (s.Namespace.Length == 0 ? string.Empty : s.Namespace.Replace('.', '_') + "_") + s.TypeName }
            : s);
    }

    /// <summary>
    /// The diagnostics of <see cref="IndistinguishableVariants"/> and <see cref="SharedKinds"/>, at the second option
    /// of each pair.
    /// </summary>
    public static ImmutableArray<DiagnosticInfo> FindUnionConflicts(ImmutableArray<(OptionSpec Spec, LocationInfo? Location)> parsed)
    {
        OptionSpec[] specs = parsed.Select(p => p.Spec).ToArray();
        string Subtype(int i) => specs[i].Subtype.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return IndistinguishableVariants(specs)
            .Select(pair => new DiagnosticInfo(DiagnosticDescriptors.DuplicateVariant, parsed[pair.Second].Location, new[] { specs[pair.First].TypeName, specs[pair.Second].TypeName, Subtype(pair.Second) }.ToEquatableArray()))
            .Concat(SharedKinds(specs)
                .Select(pair => new DiagnosticInfo(DiagnosticDescriptors.SharedVariant, parsed[pair.Second].Location, new[] { specs[pair.First].TypeName, specs[pair.Second].TypeName, Subtype(pair.Second), specs[pair.Second].Variant.ToString(System.Globalization.CultureInfo.InvariantCulture) }.ToEquatableArray())))
            .ToImmutableArray();
    }

    private static bool Overlap(OptionSpec a, OptionSpec b)
    {
        bool lengthsDiffer = a.FixedLength != 0 && b.FixedLength != 0 && a.FixedLength != b.FixedLength;

        // A fallback is tried only after every other variant of its subtype has missed.
        if (lengthsDiffer || a.IsFallback != b.IsFallback)
        {
            return false;
        }

        // Some value of byte 2's low nibble must satisfy both variants' tests.
        for (int nibble = 0; nibble < 16; nibble++)
        {
            if (Matches(a, nibble) && Matches(b, nibble))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(OptionSpec spec, int nibble) =>
        spec.MatchMask == 0 || spec.MatchValues.Contains(nibble & spec.MatchMask);

    public static string? MaskProblem(int offset, int mask, int headerLength, bool isFlag)
    {
        if (offset < 2 || offset >= headerLength)
        {
            return $"the offset must lie in the header, bytes 2 to {headerLength - 1}";
        }

        if (mask is <= 0 or > 0xFF)
        {
            return "the mask must select bits of one byte";
        }

        int low = mask & -mask;
        if (((mask + low) & mask) != 0)
        {
            return "the mask's bits must be contiguous";
        }

        if (isFlag && mask != low)
        {
            return "a bool takes exactly one bit";
        }

        return null;
    }

    public static string? RuleProblem(FieldSpec field, PresenceRule rule, BitFieldSpec? member)
    {
        if (!field.HasPresenceProperty)
        {
            return "a presence rule needs a field whose length implies its presence (Presence = Trailing or ByLength)";
        }

        if (member is null)
        {
            return $"'{rule.Member}' is not a header bit field of this option";
        }

        if (member.EnumType is not null)
        {
            return $"'{rule.Member}' is an enum bit field, which a rule cannot compare with a number: use a byte or bool bit field";
        }

        bool fits = member.Type == MemberType.Boolean
            ? rule.Value is "true" or "false"
            : int.TryParse(rule.Value, out int value) && value <= member.MaxValue;
        return fits ? null : $"the value does not fit '{rule.Member}'";
    }
}
