namespace Mptcp.Codec.Options;

/// <summary>MP_TCPRST reason codes (RFC 8684 §3.6, IANA "MPTCP TCPRST Reason Codes").</summary>
public enum TcpResetReason : byte
{
    /// <summary>0x00 Unspecified error.</summary>
    UnspecifiedError = 0x00,

    /// <summary>0x01 MPTCP-specific error.</summary>
    MptcpSpecificError = 0x01,

    /// <summary>0x02 Lack of resources.</summary>
    LackOfResources = 0x02,

    /// <summary>0x03 Administratively prohibited.</summary>
    AdministrativelyProhibited = 0x03,

    /// <summary>0x04 Too much outstanding data.</summary>
    TooMuchOutstandingData = 0x04,

    /// <summary>0x05 Unacceptable performance.</summary>
    UnacceptablePerformance = 0x05,

    /// <summary>0x06 Middlebox interference.</summary>
    MiddleboxInterference = 0x06,
}
