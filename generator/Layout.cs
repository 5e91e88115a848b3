using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Generator.Model;

namespace Mptcp.Codec.Generator;

/// <summary>
/// The layout arithmetic of an option that the parser (to check a schema) and the emitter (to read and write it)
/// share: field widths, and every allowed layout of the fields whose presence or width the length decides.
/// Works on the model alone, with no Roslyn type.
/// </summary>
internal static class Layout
{
    /// <summary>
    /// Every allowed layout of the length-implied fields, shortest first. Two layouts with one total are ambiguous:
    /// then <paramref name="ambiguousLength"/> is that total and the list is incomplete.
    /// </summary>
    public static List<LengthCombination> Combine(IReadOnlyList<FieldSpec> fields, out int? ambiguousLength)
    {
        List<FieldSpec> implied = fields.Where(f => f.IsLengthImplied).ToList();
        var layouts = new List<int[]> { new int[0] };
        foreach (FieldSpec field in implied)
        {
            int[] choices = WidthChoices(field);
            var next = new List<int[]>();
            foreach (int[] layout in layouts)
            {
                foreach (int width in choices)
                {
                    if (width > 0 && field.Presence == PresenceKind.Trailing && !EarlierTrailingPresent(implied, layout))
                    {
                        continue;
                    }

                    next.Add(layout.Concat(new[] { width }).ToArray());
                }
            }

            layouts = next;
        }

        var result = new List<LengthCombination>();
        var seen = new HashSet<int>();
        foreach (int[] layout in layouts)
        {
            int total = layout.Sum();
            if (!seen.Add(total))
            {
                ambiguousLength = total;
                return result;
            }

            result.Add(new LengthCombination(total, layout.ToEquatableArray()));
        }

        ambiguousLength = null;
        return result.OrderBy(c => c.Length).ToList();
    }

    private static bool EarlierTrailingPresent(List<FieldSpec> implied, int[] layout)
    {
        for (int i = 0; i < layout.Length; i++)
        {
            if (implied[i].Presence == PresenceKind.Trailing && layout[i] == 0)
            {
                return false;
            }
        }

        return true;
    }

    public static int[] WidthChoices(FieldSpec field)
    {
        int[] widths = field.Type == MemberType.Address ? new[] { 4, 16 } : new[] { FixedWidth(field.Type) };
        return field.Presence == PresenceKind.Always ? widths : new[] { 0 }.Concat(widths).ToArray();
    }

    public static int FixedWidth(MemberType type) => type switch
    {
        MemberType.UInt8 => 1,
        MemberType.UInt16 => 2,
        MemberType.UInt32 => 4,
        MemberType.UInt64 => 8,
        MemberType.Octets20 => 20,
        _ => 0,
    };

    public static bool CanTake(int length, int headerLength, IReadOnlyList<FieldSpec> fields, IReadOnlyList<LengthCombination> combinations)
    {
        // Flag-gated and wide fields may take either width: try both extremes of each.
        var totals = new HashSet<int> { headerLength };
        foreach (FieldSpec field in fields.Where(f => !f.IsLengthImplied && f.Type != MemberType.OctetList))
        {
            var widths = new List<int> { field.WideWhen is null ? FixedWidth(field.Type) : 8 };
            if (field.WideWhen is not null)
            {
                widths.Add(4);
            }

            if (field.When is not null)
            {
                widths.Add(0);
            }

            totals = new HashSet<int>(totals.SelectMany(t => widths.Select(w => t + w)));
        }

        if (fields.Any(f => f.Type == MemberType.OctetList))
        {
            return totals.Any(t => t <= length);
        }

        IEnumerable<int> implied = combinations.Count == 0 ? new[] { 0 } : combinations.Select(c => c.Length);
        return totals.Any(t => implied.Any(i => t + i == length));
    }
}
