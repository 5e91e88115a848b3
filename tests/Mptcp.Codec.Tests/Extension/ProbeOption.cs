using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Tests.Extension;

/// <summary>
/// A user's own option, as a vendor would declare it: an experimental "probe" on subtype 0xF (RFC 8684 §7 leaves it to
/// private use) of exactly 8 octets: <c>1e 08 | F E VVV | hops | cookie (4)</c>.
/// </summary>
[MptcpOption(0xF, Length = 8, Name = "probe")]
public partial record struct ProbeOption
{
    /// <summary>Asks the receiver to echo the probe.</summary>
    [Bits(2, 0x08)] public bool Echo { get; set; }

    /// <summary>The probe's format version (3 bits).</summary>
    [Bits(2, 0x07)] public byte Version { get; set; }

    /// <summary>Hops seen so far.</summary>
    [Bits(3, 0xFF)] public byte Hops { get; set; }

    /// <summary>The sender's cookie.</summary>
    [Field] public uint Cookie { get; set; }
}

/// <summary>The SDK's options and the probe, in one union.</summary>
[MptcpOptionUnion(IncludeBuiltIn = true)]
public partial struct ExtendedOptions
{
}
