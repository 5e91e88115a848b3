using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>
/// DSS, the data sequence signal (subtype 0x2), RFC 8684 §3.3: a Data ACK when 'A' is set (8 octets when 'a'),
/// a mapping when 'M' is set (data sequence number of 8 octets when 'm', subflow sequence number, data-level
/// length) and, when the length says so, its checksum.
/// </summary>
[MptcpOption(0x2, Name = "dss")]
[ReservedBits(2, 0x0F)]
[ReservedBits(3, 0xE0)]
public partial record struct DssOption
{
    /// <summary>'F': DATA_FIN, the mapping's last octet ends the data stream.</summary>
    [Bits(3, 0x10)] public bool DataFin { get; set; }

    /// <summary>'m': the data sequence number takes 8 octets.</summary>
    [Bits(3, 0x08)] public bool DataSequenceNumberIs8Octets { get; set; }

    /// <summary>'M': a mapping is present.</summary>
    [Bits(3, 0x04)] public bool MappingPresent { get; set; }

    /// <summary>'a': the Data ACK takes 8 octets.</summary>
    [Bits(3, 0x02)] public bool DataAckIs8Octets { get; set; }

    /// <summary>'A': a Data ACK is present.</summary>
    [Bits(3, 0x01)] public bool DataAckPresent { get; set; }

    /// <summary>The data-level acknowledgement.</summary>
    [Field(When = nameof(DataAckPresent), WideWhen = nameof(DataAckIs8Octets))] public ulong DataAck { get; set; }

    /// <summary>The data sequence number of the mapping's first octet.</summary>
    [Field(When = nameof(MappingPresent), WideWhen = nameof(DataSequenceNumberIs8Octets))] public ulong DataSequenceNumber { get; set; }

    /// <summary>The subflow sequence number (relative to the subflow's initial sequence number).</summary>
    [Field(When = nameof(MappingPresent))] public uint SubflowSequenceNumber { get; set; }

    /// <summary>The number of octets the mapping covers (DATA_FIN counts one).</summary>
    [Field(When = nameof(MappingPresent))] public ushort DataLevelLength { get; set; }

    /// <summary>The DSS checksum, present when checksums are in use.</summary>
    [Field(When = nameof(MappingPresent), Presence = FieldPresence.ByLength)] public ushort Checksum { get; set; }

    /// <summary>True when the option carries <see cref="Checksum"/> (its length tells).</summary>
    public bool HasChecksum { get; set; }
}
