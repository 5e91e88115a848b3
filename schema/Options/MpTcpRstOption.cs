using Mptcp.Codec.Schema;

namespace Mptcp.Codec.Options;

/// <summary>MP_TCPRST (subtype 0x8, length 4), RFC 8684 §3.6: why a subflow was reset.</summary>
[MptcpOption(0x8, Length = 4, Name = "tcprst")]
public partial record struct MpTcpRstOption
{
    /// <summary>'U': unassigned flag.</summary>
    [Bits(2, 0x08)] public bool FlagU { get; set; }

    /// <summary>'V': unassigned flag.</summary>
    [Bits(2, 0x04)] public bool FlagV { get; set; }

    /// <summary>'W': unassigned flag.</summary>
    [Bits(2, 0x02)] public bool FlagW { get; set; }

    /// <summary>'T': the error is transient; the subflow may be retried.</summary>
    [Bits(2, 0x01)] public bool Transient { get; set; }

    /// <summary>The reason code.</summary>
    [Bits(3, 0xFF)] public TcpResetReason Reason { get; set; }
}
