using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Capture.Output;

/// <summary>The words the outputs use for checks.</summary>
public static class Names
{
    /// <summary>snake_case name of a check kind, as the summary's <c>verification</c> object names it.</summary>
    public static string Of(CheckKind kind) => kind switch
    {
        CheckKind.Token => "token",
        CheckKind.JoinHmac => "join_hmac",
        CheckKind.AddAddressHmac => "add_addr_hmac",
        CheckKind.DssChecksum => "dss_checksum",
        _ => "idsn",
    };

    /// <summary>The outcome's word.</summary>
    public static string Of(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "ok",
        CheckOutcome.Failed => "FAILED",
        _ => "unverifiable",
    };
}
