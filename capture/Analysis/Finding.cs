namespace Mptcp.Codec.Capture.Analysis;

/// <summary>Something wrong in an MPTCP trace, at a frame: data, for the tool (or a program) to present.</summary>
/// <param name="Frame">The frame that shows it.</param>
/// <param name="Side">The end that sent that frame.</param>
/// <param name="Kind">What is wrong.</param>
public readonly record struct Finding(long Frame, Side Side, FindingKind Kind);

/// <summary>
/// Data one end sent again on another subflow: a reinjection (RFC 8684 §3.3.6), with a frame that carried it before. A
/// segment whose data two earlier frames carried (a reinjection that straddles them) is two reinjections.
/// </summary>
/// <param name="OriginalFrame">A frame, on another subflow, that carried an octet of the same data-level range before.</param>
/// <param name="Frame">The frame that carried it again.</param>
/// <param name="Sender">The end that sent both.</param>
public readonly record struct Reinjection(long OriginalFrame, long Frame, Side Sender);

/// <summary>
/// The kinds of <see cref="Finding"/>, named after Wireshark's expert infos where one exists (the tool writes them in
/// snake_case: <c>echoed_key_mismatch</c>, <c>missing_algorithm</c>, …) and in the same style where none does.
/// </summary>
public enum FindingKind
{
    /// <summary>The keys echoed in MP_CAPABLE's third ACK differ from those of the SYN and SYN/ACK (Wireshark: echoed_key_mismatch).</summary>
    EchoedKeyMismatch,

    /// <summary>An MP_CAPABLE with no crypto algorithm bit (D to H) set (Wireshark: missing_algorithm).</summary>
    MissingAlgorithm,

    /// <summary>An MP_CAPABLE with an algorithm bit other than H (HMAC-SHA1 in v0, HMAC-SHA256 in v1) set (Wireshark: unsupported_algorithm).</summary>
    UnsupportedAlgorithm,

    /// <summary>An MP_JOIN SYN to a token of no connection whose handshake the capture holds.</summary>
    UnknownToken,

    /// <summary>An address ID announced again (ADD_ADDR) with another address or port, without a REMOVE_ADDR between.</summary>
    AddressIdReused,

    /// <summary>An MP_CAPABLE SYN answered without MP_CAPABLE: the connection fell back to TCP (RFC 8684 §3.1).</summary>
    Fallback,

    /// <summary>A DSS mapping that contradicts the previous one of its subflow direction: an octet mapped to two data sequence numbers.</summary>
    MappingConflict,

    /// <summary>Data of an MPTCP subflow beyond the last mapping the capture holds (Wireshark: missing_mapping).</summary>
    MissingMapping,

    /// <summary>A DSS mapping with a checksum though neither end asked for checksums.</summary>
    UnexpectedChecksum,

    /// <summary>A DSS mapping without a checksum though checksums were negotiated (RFC 8684 §3.3.1: the receiver must close the subflow).</summary>
    MissingChecksum,

    /// <summary>A DSS mapping of data-level length 0: the infinite mapping of a fallback (Wireshark: infinite_mapping).</summary>
    InfiniteMapping,

    /// <summary>MP_FAIL: the sender found a DSS checksum wrong and falls back (RFC 8684 §3.7).</summary>
    Fail,
}
