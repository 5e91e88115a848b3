using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>A DSS mapping of one subflow direction, and the checksum collected over its data so far.</summary>
internal sealed class Mapping
{
    public ulong DataSequenceNumber { get; init; }

    public uint SubflowSequenceNumber { get; init; }

    /// <summary>The mapped payload octets (the data-level length less a DATA_FIN).</summary>
    public int PayloadLength { get; init; }

    public bool HasChecksum { get; init; }

    public ushort ExpectedChecksum { get; init; }

    public DssChecksum Checksum;

    public int Collected { get; set; }

    /// <summary>False once the data needed for the checksum is known to be missing.</summary>
    public bool Complete => Collected >= PayloadLength;

    public bool Pending { get; set; }
}
