using Mptcp.Codec.Schema;

namespace CustomOption;

/// <summary>
/// A vendor's experimental option on subtype 0xF (RFC 8684 §7 keeps it for private use), 12 octets:
/// kind 30, length 12, subtype 0xF with an echo bit and a 3-bit version, a hop count, and a 64-bit nonce.
/// </summary>
[MptcpOption(0xF, Length = 12, Name = "vendor-probe")]
public partial record struct VendorProbeOption
{
    /// <summary>Asks the peer to send the probe back.</summary>
    [Bits(2, 0x08)] public bool Echo { get; set; }

    /// <summary>The probe format's version.</summary>
    [Bits(2, 0x07)] public byte Version { get; set; }

    /// <summary>Hops the probe has crossed.</summary>
    [Bits(3, 0xFF)] public byte HopCount { get; set; }

    /// <summary>The sender's nonce.</summary>
    [Field] public ulong Nonce { get; set; }
}

/// <summary>The SDK's options of RFC 6824 and RFC 8684, and ours: one TryRead decodes all of them.</summary>
[MptcpOptionUnion(IncludeBuiltIn = true)]
public partial struct VendorOptions
{
}
