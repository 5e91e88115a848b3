namespace Mptcp.Codec;

/// <summary>What a reader, writer or validator found. Everything but <see cref="Ok"/> is a failure.</summary>
public enum MptcpStatus : byte
{
    /// <summary>Success.</summary>
    Ok = 0,

    /// <summary>The input ends before the option does (or before its kind and length octets).</summary>
    Truncated,

    /// <summary>The kind octet is not 30 (MPTCP).</summary>
    WrongKind,

    /// <summary>The subtype nibble is not the one this reader decodes.</summary>
    WrongSubtype,

    /// <summary>The length octet is not a valid length for this subtype, variant and flags.</summary>
    BadLength,

    /// <summary>The subtype is assigned by IANA but not decoded by this option set.</summary>
    UnsupportedSubtype,

    /// <summary>The subtype is reserved (unassigned: 0x9 to 0xE).</summary>
    ReservedSubtype,

    /// <summary>No variant of the subtype matches the header bits (e.g. an ADD_ADDR IPVer nibble other than 4 or 6).</summary>
    UnknownVariant,

    /// <summary>A value does not fit its field (a 4-octet sequence number above 2^32-1, a 1-bit flag above 1).</summary>
    ValueOutOfRange,

    /// <summary>Fields contradict each other or their flags (a checksum without a mapping, a key after a missing one).</summary>
    InconsistentFields,

    /// <summary>The option would not fit in the 40 octets of TCP option space.</summary>
    TooLong,

    /// <summary>The destination span is too small.</summary>
    DestinationTooSmall,

    /// <summary>A TCP option other than EOL and NOP has a length below 2 or past the end of the option block.</summary>
    MalformedTcpOption,

    /// <summary>
    /// A field holds a value, but its flag or presence member says it is absent (a DSS <c>Checksum</c> without
    /// <c>HasChecksum</c>): the writer would drop the value, so it refuses it instead.
    /// </summary>
    ValueWithoutPresence,
}
