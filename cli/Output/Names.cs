using System;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;

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

    /// <summary>
    /// A problem of a capture file in words a person reads: what is wrong and what the reader did about it. Problems of
    /// the file as a whole have no offset; the others say where.
    /// </summary>
    public static string Describe(CaptureProblem problem) => problem.Kind switch
    {
        CaptureProblemKind.UnknownFormat => "not a pcap or pcapng file",
        CaptureProblemKind.TruncatedFile when problem.FileOffset == 0 && problem.FrameNumber == 1 => "empty file, or shorter than a capture's file header",
        CaptureProblemKind.DamagedCompression when problem.FrameNumber == 1 && problem.FileOffset == 0 =>
            "the file's gzip or zstd data is damaged or cut before any of the capture came out of it",
        CaptureProblemKind.DamagedCompression when problem.FrameNumber == 1 => FormattableString.Invariant(
            $"the file's gzip or zstd data is damaged or cut {problem.FileOffset} octets into the capture it holds, before its first frame"),
        _ => FormattableString.Invariant($"offset {problem.FileOffset}, frame {problem.FrameNumber}: {Words(problem)}"),
    };

    private static string Words(CaptureProblem problem) => problem.Kind switch
    {
        CaptureProblemKind.UnsupportedLinkType => FormattableString.Invariant(
            $"link type {problem.Value} ({LinkTypes.NameOf((int)problem.Value) ?? "not in the link-layer type registry"}) is not one this tool decodes: its frames are listed as not TCP"),
        CaptureProblemKind.BadRecordLength => FormattableString.Invariant(
            $"a record claims {problem.Value} captured octets, more than a capture can hold (or than its block or interface allows); it is skipped, or in classic pcap reading stops here"),
        CaptureProblemKind.UnusualVersion => FormattableString.Invariant(
            $"warning: pcap version {problem.Value >> 16}.{problem.Value & 0xFFFF}, which libpcap (tcpdump) refuses; read as version 2.4"),
        CaptureProblemKind.SeveralLinkTypes => FormattableString.Invariant(
            $"warning: an interface of link type {problem.Value} after one of another type, which libpcap (tcpdump) refuses; each frame is read with its own interface's link type"),
        CaptureProblemKind.RecordCutToSnapLength => FormattableString.Invariant(
            $"a record of {problem.Value} octets, longer than the file's snap length, cut to it as libpcap does"),
        _ => Words(problem.Kind),
    };

    private static string Words(CaptureProblemKind kind) => kind switch
    {
        CaptureProblemKind.TruncatedFile => "the file ends inside its header",
        CaptureProblemKind.TruncatedRecord => "the file ends inside a record; reading stops here",
        CaptureProblemKind.BadBlock => "a damaged pcapng block; reading goes on at the next plausible block",
        CaptureProblemKind.UnknownBlock => "a pcapng block of an unknown type, skipped",
        CaptureProblemKind.TimestampOutOfRange => "a timestamp before 1677 or after 2262 (damaged, most likely): the frame is kept with the nearest instant this tool holds",
        CaptureProblemKind.UnknownInterface => "a packet block names an interface its section did not describe; skipped",
        CaptureProblemKind.DamagedCompression => "the file's gzip or zstd data is damaged here; reading stops, after every frame before it",
        _ => kind.ToString(),
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

    /// <summary>snake_case name of a finding kind, Wireshark's expert info name where it has one.</summary>
    public static string Of(FindingKind kind) => kind switch
    {
        FindingKind.EchoedKeyMismatch => "echoed_key_mismatch",
        FindingKind.MissingAlgorithm => "missing_algorithm",
        FindingKind.UnsupportedAlgorithm => "unsupported_algorithm",
        FindingKind.UnknownToken => "unknown_token",
        FindingKind.AddressIdReused => "address_id_reused",
        FindingKind.Fallback => "fallback",
        FindingKind.MappingConflict => "mapping_conflict",
        FindingKind.MissingMapping => "missing_mapping",
        FindingKind.UnexpectedChecksum => "unexpected_checksum",
        FindingKind.MissingChecksum => "missing_checksum",
        FindingKind.InfiniteMapping => "infinite_mapping",
        _ => "mp_fail",
    };
}
