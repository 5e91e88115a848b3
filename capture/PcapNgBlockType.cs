namespace Mptcp.Codec.Capture;

// pcapng block types (draft-ietf-opsawg-pcapng and its registry).
internal static class PcapNgBlockType
{
    public const uint SectionHeader = 0x0A0D0D0A;
    public const uint InterfaceDescription = 1;
    public const uint ObsoletePacket = 2;
    public const uint SimplePacket = 3;
    public const uint EnhancedPacket = 6;
    public const uint SystemdJournalExport = 9;
    public const uint DecryptionSecrets = 10;
    public const uint Custom = 0x00000BAD;
    public const uint CustomNoCopy = 0x40000BAD;

    // Types tshark numbers as frames (they hold no packet, so they are counted and not delivered).
    public static bool IsNumberedRecord(uint type) => type is SystemdJournalExport or Custom or CustomNoCopy;

    // Every registered type this reader reads or skips without a problem.
    public static bool IsKnown(uint type) => type is SectionHeader or (>= InterfaceDescription and <= DecryptionSecrets) || IsNumberedRecord(type);
}
