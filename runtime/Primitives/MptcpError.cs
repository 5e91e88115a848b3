using System;

namespace Mptcp.Codec;

/// <summary>
/// A precise account of a failure: the status, the offset of the offending octet within the input and,
/// for length failures, the length that was expected (or -1 when several are valid or none applies).
/// </summary>
public readonly record struct MptcpError(MptcpStatus Status, int Offset, int ExpectedLength = -1)
{
    /// <summary>No error.</summary>
    public static MptcpError None => default;

    /// <summary>True when this is not a failure.</summary>
    public bool IsOk => Status == MptcpStatus.Ok;

    /// <summary>A one-line English explanation, for tools (allocates).</summary>
    public string Describe()
    {
        string what = Status switch
        {
            MptcpStatus.Ok => "ok",
            MptcpStatus.Truncated => "input ends before the option does",
            MptcpStatus.WrongKind => "kind is not 30 (MPTCP)",
            MptcpStatus.WrongSubtype => "subtype does not match",
            MptcpStatus.BadLength => ExpectedLength >= 0
                ? $"length is not valid for this subtype (expected {ExpectedLength})"
                : "length is not valid for this subtype and flags",
            MptcpStatus.UnsupportedSubtype => "subtype is not supported",
            MptcpStatus.ReservedSubtype => "subtype is reserved (unassigned)",
            MptcpStatus.UnknownVariant => "header bits match no variant of this subtype",
            MptcpStatus.ValueOutOfRange => "a value does not fit its field",
            MptcpStatus.InconsistentFields => "fields contradict their flags",
            MptcpStatus.TooLong => "option exceeds the 40 octets of TCP option space",
            MptcpStatus.DestinationTooSmall => "destination too small",
            MptcpStatus.MalformedTcpOption => "TCP option length is below 2 or runs past the option block",
            MptcpStatus.ValueWithoutPresence => "a field holds a value that its flag or presence member says is absent",
            _ => Status.ToString(),
        };
        return FormattableString.Invariant($"byte {Offset}: {what}");
    }
}
