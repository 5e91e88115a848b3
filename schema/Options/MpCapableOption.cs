using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>
/// MP_CAPABLE (subtype 0x0), RFC 6824 §3.1 and RFC 8684 §3.1. Lengths: 4 (v1 SYN), 12 (SYN, SYN/ACK: the
/// sender's key), 20 (ACK: both keys), 22 and 24 (v1 first data: both keys, data-level length, checksum);
/// version 0 has only 12 and 20.
/// </summary>
[MptcpOption(0x0, Name = "capable")]
public partial record struct MpCapableOption
{
    /// <summary>The MPTCP version (0 for RFC 6824, 1 for RFC 8684).</summary>
    [Bits(2, 0x0F)] public byte Version { get; set; }

    /// <summary>'A': the sender requires DSS checksums.</summary>
    [Bits(3, 0x80)] public bool ChecksumRequired { get; set; }

    /// <summary>'B': extensibility; must be 0 in both versions.</summary>
    [Bits(3, 0x40)] public bool Extensibility { get; set; }

    /// <summary>'C' (v1): the sender accepts no subflows to its source address.</summary>
    [Bits(3, 0x20)] public bool NoMoreSubflows { get; set; }

    /// <summary>'D': unassigned crypto negotiation bit.</summary>
    [Bits(3, 0x10)] public bool FlagD { get; set; }

    /// <summary>'E': unassigned crypto negotiation bit.</summary>
    [Bits(3, 0x08)] public bool FlagE { get; set; }

    /// <summary>'F': unassigned crypto negotiation bit.</summary>
    [Bits(3, 0x04)] public bool FlagF { get; set; }

    /// <summary>'G': unassigned crypto negotiation bit.</summary>
    [Bits(3, 0x02)] public bool FlagG { get; set; }

    /// <summary>'H': HMAC-SHA1 (v0) or HMAC-SHA256 (v1).</summary>
    [Bits(3, 0x01)] public bool HmacSha { get; set; }

    /// <summary>The sender's 64-bit key (SYN in v0, SYN/ACK, ACK).</summary>
    [Field(Presence = FieldPresence.Trailing)]
    [PresentWhen(nameof(Version), 0)] // RFC 6824 has no 4-octet form: every v0 MP_CAPABLE has the sender's key
    public ulong SenderKey { get; set; }

    /// <summary>True when the option carries <see cref="SenderKey"/> (its length tells).</summary>
    public bool HasSenderKey { get; set; }

    /// <summary>The receiver's 64-bit key (ACK).</summary>
    [Field(Presence = FieldPresence.Trailing)] public ulong ReceiverKey { get; set; }

    /// <summary>True when the option carries <see cref="ReceiverKey"/> (its length tells).</summary>
    public bool HasReceiverKey { get; set; }

    /// <summary>The data-level length of the data the option maps (v1, first data packet).</summary>
    [Field(Presence = FieldPresence.Trailing)]
    [AbsentWhen(nameof(Version), 0)] // the 22- and 24-octet forms are RFC 8684's
    public ushort DataLevelLength { get; set; }

    /// <summary>True when the option carries <see cref="DataLevelLength"/> (its length tells).</summary>
    public bool HasDataLevelLength { get; set; }

    /// <summary>The DSS checksum of that data (v1, when checksums are in use).</summary>
    [Field(Presence = FieldPresence.Trailing)] public ushort Checksum { get; set; }

    /// <summary>True when the option carries <see cref="Checksum"/> (its length tells).</summary>
    public bool HasChecksum { get; set; }
}
