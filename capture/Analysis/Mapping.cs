using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Capture.Analysis;

// A DSS mapping of one subflow direction, and the checksum collected over its data so far.
internal sealed class Mapping
{
    public ulong DataSequenceNumber { get; private set; }

    // The frame whose DSS (or MP_CAPABLE) carried the mapping.
    public long Frame { get; set; }

    public uint SubflowSequenceNumber { get; private set; }

    // The mapped payload octets (the data-level length less a DATA_FIN).
    public int PayloadLength { get; private set; }

    public ushort ExpectedChecksum { get; private set; }

    public DssChecksum Checksum;

    public int Collected { get; set; }

    // True once every mapped octet was fed to Checksum.
    public bool Complete => Collected >= PayloadLength;

    // True while a checksum waits for its data.
    public bool Pending { get; set; }

    // Starts a new mapping in this reused instance (one per subflow direction: no allocation per packet).
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
