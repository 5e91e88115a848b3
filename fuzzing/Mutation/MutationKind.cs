namespace Mptcp.Codec.Fuzzing.Mutation;

/// <summary>What a mutator did to an option, or to the TCP option block around it.</summary>
public enum MutationKind
{
    /// <summary>One field set to an edge value (0, 1, its largest…) and the option encoded again: a valid option of the same or another form when the value has an encoding.</summary>
    FieldEdge,

    /// <summary>One header bit flipped in place: flags and version then disagree with the length and the fields.</summary>
    FlagFlip,

    /// <summary>The subtype nibble changed to another one, the rest left as it was.</summary>
    SubtypeSwap,

    /// <summary>The length octet one less, and the last octet gone: framing holds, the length does not fit the form.</summary>
    LengthOneShort,

    /// <summary>The length octet one more, and one octet added: framing holds, the length does not fit the form.</summary>
    LengthOneLong,

    /// <summary>The length octet one less, the octets unchanged: the option's last octet is left outside it.</summary>
    LengthClaimsLess,

    /// <summary>The length octet one more, the octets unchanged: the option claims an octet past its end.</summary>
    LengthClaimsMore,

    /// <summary>The option cut at an octet before its end.</summary>
    Cut,

    /// <summary>The start of this option and the end of another, the length octet made to cover both.</summary>
    Splice,

    /// <summary>In a TCP option block with NOPs before and after.</summary>
    BlockNops,

    /// <summary>In a TCP option block after an End of Option List: a correct parser reads no option.</summary>
    BlockAfterEndOfList,

    /// <summary>In a TCP option block among other TCP options (MSS, SACK permitted, timestamps, window scale).</summary>
    BlockOtherOptions,

    /// <summary>In a TCP option block longer than the 40 octets a TCP header can hold.</summary>
    BlockOverflow,
}
