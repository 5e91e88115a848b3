namespace Mptcp.Codec;

/// <summary>Numbers fixed by RFC 8684 and RFC 793.</summary>
public static class MptcpConstants
{
    /// <summary>The TCP option kind of MPTCP.</summary>
    public const byte Kind = 30;

    /// <summary>The most octets of options a TCP header can carry.</summary>
    public const int MaxTcpOptionSpace = 40;

    /// <summary>True for the subtypes IANA has not assigned (0x9 to 0xE).</summary>
    public static bool IsReservedSubtype(int subtype) => subtype is >= 0x9 and <= 0xE;
}
