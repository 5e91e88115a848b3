using Microsoft.CodeAnalysis;

namespace Mptcp.Codec.Generator;

/// <summary>Schema mistakes. The IDs are stable: never renumber, only add.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Mptcp.Codec.Schema";

    public static readonly DiagnosticDescriptor NotPartialStruct = Create(
        "MPTCP001", "Option type must be a top-level partial struct",
        "'{0}' must be a top-level partial struct (or record struct) to receive its generated codec");

    public static readonly DiagnosticDescriptor UnsupportedMemberType = Create(
        "MPTCP002", "Unsupported member type",
        "Member '{0}' has type '{1}', which {2} cannot hold");

    public static readonly DiagnosticDescriptor OverlappingBits = Create(
        "MPTCP003", "Header bits overlap",
        "Bits 0x{1} of byte {0} are claimed by '{2}' and by '{3}'");

    public static readonly DiagnosticDescriptor IncompleteHeaderByte = Create(
        "MPTCP004", "Header bits do not fill whole bytes",
        "Bits 0x{1} of header byte {0} belong to no field; declare them with [Bits] or [ReservedBits]");

    public static readonly DiagnosticDescriptor InvalidBitMask = Create(
        "MPTCP005", "Invalid bit field",
        "'{0}' has mask 0x{1:X} at byte {2}: {3}");

    public static readonly DiagnosticDescriptor UnknownFlag = Create(
        "MPTCP006", "Condition names no flag",
        "'{0}' names '{1}', which is not a one-bit bool [Bits] member of this option");

    public static readonly DiagnosticDescriptor DuplicateVariant = Create(
        "MPTCP007", "Variants cannot be told apart",
        "'{0}' and '{1}' have subtype {2} and nothing (length or header bits) tells them apart");

    public static readonly DiagnosticDescriptor AmbiguousLength = Create(
        "MPTCP008", "Length-implied fields are ambiguous",
        "Two layouts of the length-implied fields of '{0}' both take {1} octets; the length cannot tell them apart");

    public static readonly DiagnosticDescriptor InvalidOptionAttribute = Create(
        "MPTCP009", "Invalid option attribute",
        "[MptcpOption] on '{0}': {1}");

    public static readonly DiagnosticDescriptor InvalidFieldShape = Create(
        "MPTCP010", "Invalid field declaration",
        "Field '{0}': {1}");

    public static readonly DiagnosticDescriptor ListNotLast = Create(
        "MPTCP011", "A list must end the option",
        "OctetList '{0}' must be the last field and the only one whose length the option length implies");

    public static readonly DiagnosticDescriptor UnknownHmacCover = Create(
        "MPTCP012", "HMAC covers an unknown field",
        "[Hmac] on '{0}' covers '{1}', which is not a byte, ushort or address field of this option");

    public static readonly DiagnosticDescriptor MissingPresenceMember = Create(
        "MPTCP013", "Length-implied field needs a presence member",
        "Field '{0}' is present or absent by the option length; declare 'public bool {1} {{ get; set; }}' to hold which");

    public static readonly DiagnosticDescriptor InvalidRule = Create(
        "MPTCP014", "Invalid consistency rule",
        "'{0}': {1}");

    public static readonly DiagnosticDescriptor BuiltInNotReferenced = Create(
        "MPTCP015", "IncludeBuiltIn needs the Mptcp.Codec package",
        "Union '{0}' includes the built-in options, but the compilation references no Mptcp.Codec assembly that declares Mptcp.Codec.Options.MptcpOption");

    public static readonly DiagnosticDescriptor UnboundAttribute = Create(
        "MPTCP016", "Schema attribute is incomplete",
        "[{0}] on '{1}' is incomplete or has an argument that is not a constant of the right type; the option is not generated until it is");

    public static readonly DiagnosticDescriptor InvalidUnion = Create(
        "MPTCP017", "Invalid option union",
        "Union '{0}' must be a top-level partial struct without instance fields of its own: {1}");

    public static readonly DiagnosticDescriptor NotSettable = Create(
        "MPTCP018", "Schema member cannot be set",
        "'{0}' must have a get and a set accessor (not get-only, not init-only): the reader assigns it");

    public static readonly DiagnosticDescriptor SharedVariant = Create(
        "MPTCP019", "Two options of one subtype have the same Variant",
        "'{0}' and '{1}' are both variant {3} of subtype {2}: give each its own Variant, which fixes its kind value");

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
