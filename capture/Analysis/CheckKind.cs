namespace Mptcp.Codec.Capture.Analysis;

/// <summary>What the analysis verifies, which neither tcpdump nor tshark does.</summary>
public enum CheckKind
{
    /// <summary>An MP_JOIN SYN's token against the keys of the connections seen.</summary>
    Token,

    /// <summary>MP_JOIN SYN/ACK truncated HMAC and ACK HMAC.</summary>
    JoinHmac,

    /// <summary>v1 ADD_ADDR truncated HMAC.</summary>
    AddAddressHmac,

    /// <summary>DSS checksum over a mapping's whole data.</summary>
    DssChecksum,

    /// <summary>The first data sequence number against the sender's IDSN.</summary>
    Idsn,
}

/// <summary>How one check came out.</summary>
public enum CheckOutcome
{
    /// <summary>Verified.</summary>
    Passed,

    /// <summary>The value is wrong.</summary>
    Failed,

    /// <summary>The capture lacks what the check needs (keys, nonces, data cut by the snap length…).</summary>
    Unverifiable,
}

/// <summary>One check of one packet, for inline marks.</summary>
public readonly record struct PacketCheck(CheckKind Kind, CheckOutcome Outcome);
