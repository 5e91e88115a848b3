using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>A DSS mapping of one subflow direction, and the checksum collected over its data so far.</summary>
internal sealed class Mapping
{
    public ulong DataSequenceNumber { get; private set; }

    /// <summary>The frame whose DSS (or MP_CAPABLE) carried the mapping.</summary>
    public long Frame { get; set; }

    public uint SubflowSequenceNumber { get; private set; }

    /// <summary>The mapped payload octets (the data-level length less a DATA_FIN).</summary>
    public int PayloadLength { get; private set; }

    public ushort ExpectedChecksum { get; private set; }

    public DssChecksum Checksum;

    public int Collected { get; set; }

    /// <summary>True once every mapped octet was fed to <see cref="Checksum"/>.</summary>
    public bool Complete => Collected >= PayloadLength;

    /// <summary>True while a checksum waits for its data.</summary>
    public bool Pending { get; set; }

    /// <summary>Starts a new mapping in this reused instance (one per subflow direction: no allocation per packet).</summary>
    public void Reset(ulong dsn, uint subflowSequence, ushort dataLevelLength, bool dataFin, ushort checksum)
    {
        DataSequenceNumber = dsn;
        SubflowSequenceNumber = subflowSequence;
        PayloadLength = dataLevelLength - (dataFin ? 1 : 0);
        ExpectedChecksum = checksum;
        Checksum = new DssChecksum(dsn, subflowSequence, dataLevelLength);
        Collected = 0;
        Pending = false;
    }
}
