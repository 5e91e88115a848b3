using Mptcp.Codec.Options;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>What a <see cref="ConnectionEvent"/> is.</summary>
public enum ConnectionEventKind : byte
{
    /// <summary>ADD_ADDR: an address announced, or the echo of one (<see cref="AddAddressOption.Echo"/>).</summary>
    AddAddress,

    /// <summary>REMOVE_ADDR: addresses withdrawn.</summary>
    RemoveAddress,

    /// <summary>MP_PRIO: a subflow's backup flag changed.</summary>
    Priority,

    /// <summary>A DSS with DATA_FIN: the sender's data-level stream ends.</summary>
    DataFin,

    /// <summary>A DSS whose data-level length is 0: the infinite mapping of a fallback to TCP.</summary>
    InfiniteMapping,

    /// <summary>MP_FAIL.</summary>
    Fail,

    /// <summary>MP_FASTCLOSE.</summary>
    FastClose,

    /// <summary>MP_TCPRST: why a subflow was reset.</summary>
    Reset,

    /// <summary>MP_EXPERIMENTAL (subtype 0xF).</summary>
    Experimental,

    /// <summary>An MPTCP option that does not decode; <see cref="ConnectionEvent.Error"/> says why.</summary>
    InvalidOption,

    /// <summary>A TCP option block that cannot be walked to its end; <see cref="ConnectionEvent.Error"/> says where.</summary>
    MalformedOptionBlock,
}

/// <summary>Something that happened at the MPTCP level of a connection, in frame order. Plain data: no text.</summary>
/// <param name="Frame">The frame that carried it.</param>
/// <param name="Side">The end that sent it.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Option">The decoded option (none for <see cref="ConnectionEventKind.InvalidOption"/> and
/// <see cref="ConnectionEventKind.MalformedOptionBlock"/>).</param>
/// <param name="Error">What was wrong, for an invalid option or option block.</param>
public readonly record struct ConnectionEvent(long Frame, Side Side, ConnectionEventKind Kind, MptcpOption Option, MptcpError Error)
{
    /// <summary>The kind of event a decoded option makes (a DSS only with DATA_FIN or an infinite mapping).</summary>
    public static ConnectionEventKind KindOf(in MptcpOption option) => option.Kind switch
    {
        MptcpOptionKind.AddAddressOption or MptcpOptionKind.AddAddressV0Option => ConnectionEventKind.AddAddress,
        MptcpOptionKind.RemoveAddressOption => ConnectionEventKind.RemoveAddress,
        MptcpOptionKind.MpPrioOption => ConnectionEventKind.Priority,
        MptcpOptionKind.MpFailOption => ConnectionEventKind.Fail,
        MptcpOptionKind.MpFastCloseOption => ConnectionEventKind.FastClose,
        MptcpOptionKind.MpTcpRstOption => ConnectionEventKind.Reset,
        MptcpOptionKind.DssOption when option.TryGet(out DssOption dss) && dss.MappingPresent && dss.DataLevelLength == 0 => ConnectionEventKind.InfiniteMapping,
        MptcpOptionKind.DssOption => ConnectionEventKind.DataFin,
        _ => ConnectionEventKind.Experimental,
    };
}
