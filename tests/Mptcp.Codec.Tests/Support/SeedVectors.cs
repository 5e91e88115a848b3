namespace Mptcp.Codec.Tests.Support;

/// <summary>
/// The MPTCP options of the project's source document (the seed), verbatim from its "MPTCP >>" lines, with the values its
/// tcpdump lines state. Keys, tokens, sequence numbers and checksums here are independent test vectors.
/// </summary>
internal static class SeedVectors
{
    public const ulong ClientKey = 0x877cfcac977e4b88;
    public const ulong ServerKey = 0x813f679475cb7f9f;
    public const uint ServerToken = 0xa9a0dd64;

    public const string CapableSyn = "1e0c 0081 877c fcac 977e 4b88";
    public const string CapableSynAck = "1e0c 0081 813f 6794 75cb 7f9f";
    public const string CapableAck = "1e14 0081 877c fcac 977e 4b88 813f 6794 75cb 7f9f";
    public const string DssAck4007607362 = "1e08 2001 eedf 3c42";
    public const string AddAddrId2 = "1e08 3402 c0a8 001c";
    public const string AddAddrId3 = "1e08 3403 c0a8 0019";
    public const string DssClientData = "1e14 2005 eedf 3c42 83a6 8961 0000 0001 0005 9e97";
    public const string DssAck2208729446 = "1e08 2001 83a6 8966";
    public const string DssServerData = "1e14 2005 83a6 8966 eedf 3c42 0000 0001 0005 9878";
    public const string DssServerDataFin = "1e14 2015 83a6 8966 eedf 3c47 0000 0000 0001 dc4a";
    public const string JoinSynId2 = "1e0c 1002 a9a0 dd64 0730 5469";
    public const string JoinSynId3 = "1e0c 1003 a9a0 dd64 74c5 f35c";
    public const string DssAck4007607367 = "1e08 2001 eedf 3c47";
    public const string DssClientDataFin = "1e14 2015 eedf 3c48 83a6 8966 0000 0000 0001 e269";
    public const string DssAck2208729447 = "1e08 2001 83a6 8967";
    public const string DssAck4007607368 = "1e08 2001 eedf 3c48";

    /// <summary>Every MPTCP option line of the seed, in document order.</summary>
    public static readonly string[] All =
    [
        CapableSyn, CapableSynAck, CapableAck, DssAck4007607362, AddAddrId2, DssAck4007607362, AddAddrId3,
        DssAck4007607362, DssClientData, DssAck2208729446, DssServerData, DssServerDataFin, JoinSynId2,
        DssAck4007607367, JoinSynId3, DssClientDataFin, DssAck2208729446, DssAck2208729447, DssAck4007607368,
        DssAck2208729447,
    ];
}
