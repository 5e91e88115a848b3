namespace Mptcp.Codec.Generator.Model;

/// <summary>
/// Everything the emitter needs to write one option struct's codec. No Roslyn symbols and no source location (the
/// diagnostics keep theirs on the side), so an edit that only moves the declaration leaves the spec, and the emitted
/// code, cached.
/// </summary>
internal sealed record OptionSpec(
    string Namespace,
    string TypeName,
    bool IsRecord,
    int Subtype,
    int HeaderLength,
    int FixedLength,
    int Variant,
    int MatchMask,
    EquatableArray<int> MatchValues,
    bool IsFallback,
    string TextName,
    EquatableArray<BitFieldSpec> Bits,
    EquatableArray<FieldSpec> Fields,
    EquatableArray<LengthCombination> Combinations)
{
    public string FullName => Namespace.Length == 0 ? "global::" + TypeName : "global::" + Namespace + "." + TypeName;

    /// <summary>The option's member of a union's kind enum: its type name, or with its namespace when two share a name.</summary>
    public string KindName { get; init; } = TypeName;

    /// <summary>
    /// The value of the option's kind: from its subtype and declared variant alone, so adding an option never
    /// renumbers another (<c>(subtype &lt;&lt; 4 | variant) + 1</c>; 0 is none).
    /// </summary>
    public int KindValue => ((Subtype << 4) | Variant) + 1;
}

/// <summary>
/// A header bit field: the bits <see cref="Mask"/> of byte <see cref="Offset"/>; <see cref="IPVersionOf"/> names the
/// address field whose version (4 or 6) the bits state, if any.
/// </summary>
internal sealed record BitFieldSpec(string Name, MemberType Type, string? EnumType, int Offset, int Mask, string? IPVersionOf)
{
    public int Shift
    {
        get
        {
            int shift = 0;
            while (((Mask >> shift) & 1) == 0)
            {
                shift++;
            }

            return shift;
        }
    }

    public int MaxValue => Mask >> Shift;
}

/// <summary>A field after the header, in wire order.</summary>
internal sealed record FieldSpec(
    string Name,
    MemberType Type,
    string? EnumType,
    string? When,
    string? WideWhen,
    PresenceKind Presence,
    int MinCount,
    EquatableArray<string> HmacCovers,
    EquatableArray<PresenceRule> Rules)
{
    /// <summary>True when the option length, not the flags, decides the field's presence or width.</summary>
    public bool IsLengthImplied => Presence != PresenceKind.Always || Type == MemberType.Address;

    /// <summary>True when the generator adds a <c>Has…</c> property for it.</summary>
    public bool HasPresenceProperty => Presence != PresenceKind.Always;

    public string PresenceName => "Has" + Name;
}

/// <summary>
/// The field must be present (<see cref="Present"/>) or absent whenever header bit field <see cref="Member"/>
/// equals <see cref="Value"/>, a C# literal (<c>false</c>, <c>0</c>).
/// </summary>
internal sealed record PresenceRule(string Member, string Value, bool Present);

/// <summary>One allowed set of widths of the length-implied fields, in their order, and its total.</summary>
internal sealed record LengthCombination(int Length, EquatableArray<int> Widths);

/// <summary>The member types the schema knows.</summary>
internal enum MemberType
{
    Boolean,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Octets20,
    Address,
    OctetList,
}

/// <summary>Mirrors Mptcp.Codec.Schema.FieldPresence.</summary>
internal enum PresenceKind
{
    Always = 0,
    Trailing = 1,
    ByLength = 2,
}
