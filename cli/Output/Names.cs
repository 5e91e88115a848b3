using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Cli.Output;

/// <summary>The words the outputs use for checks.</summary>
internal static class Names
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

    /// <summary>"client" or "server".</summary>
    public static string Of(Side side) => side == Side.Client ? "client" : "server";

    /// <summary>snake_case name of an event kind.</summary>
    public static string Of(ConnectionEventKind kind) => kind switch
    {
        ConnectionEventKind.AddAddress => "add_address",
        ConnectionEventKind.RemoveAddress => "remove_address",
        ConnectionEventKind.Priority => "priority",
        ConnectionEventKind.DataFin => "data_fin",
        ConnectionEventKind.InfiniteMapping => "infinite_mapping",
        ConnectionEventKind.Fail => "fail",
        ConnectionEventKind.FastClose => "fast_close",
        ConnectionEventKind.Reset => "reset",
        ConnectionEventKind.Experimental => "experimental",
        ConnectionEventKind.InvalidOption => "invalid_option",
        _ => "malformed_option_block",
    };

    /// <summary>The outcome's word.</summary>
    public static string Of(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Passed => "ok",
        CheckOutcome.Failed => "FAILED",
        _ => "unverifiable",
    };
}
