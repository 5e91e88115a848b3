namespace Mptcp.Codec.Capture.Tests.Support;

/// <summary>
/// The seed capture as tshark 4.0 shows it (<c>tshark -r seed-echo.pcap -T fields -e frame.len -e tcp.srcport
/// -e tcp.dstport -e tcp.seq_raw -e tcp.ack_raw -e tcp.flags -e tcp.window_size_value -e tcp.hdr_len -e tcp.len</c>),
/// and its timestamps as make-seed-pcap.py wrote them: 2019-01-01T00:00:00Z plus 1 ms per packet.
/// </summary>
internal static class SeedFrames
{
    public const int Count = 19;
    public const long StartNanoseconds = 1546300800L * 1_000_000_000;
    public const long StepNanoseconds = 1_000_000;

    public const uint Client = 0xCBFA239D;  // 203.250.35.157
    public const uint Server = 0xCBFA2133;  // 203.250.33.51
    public const uint Joiner = 0xCBFA21AF;  // 203.250.33.175

    public static readonly (int Length, uint Source, uint Destination, ushort SourcePort, ushort DestinationPort, uint Sequence, uint Ack, byte Flags, ushort Window, int TcpHeaderLength, int PayloadLength)[] Rows =
    [
        (72, Client, Server, 37746, 9999, 3198590955, 0, 0x02, 29200, 52, 0),
        (72, Server, Client, 9999, 37746, 313062176, 3198590956, 0x12, 64260, 52, 0),
        (80, Client, Server, 37746, 9999, 3198590956, 313062177, 0x10, 457, 60, 0),
        (68, Client, Server, 37746, 9999, 3198590956, 313062177, 0x10, 457, 48, 0),
        (68, Client, Server, 37746, 9999, 3198590956, 313062177, 0x10, 457, 48, 0),
        (77, Client, Server, 37746, 9999, 3198590956, 313062177, 0x18, 457, 52, 5),
        (60, Server, Client, 9999, 37746, 313062177, 3198590961, 0x10, 502, 40, 0),
        (77, Server, Client, 9999, 37746, 313062177, 3198590961, 0x18, 502, 52, 5),
        (72, Server, Client, 9999, 37746, 313062182, 3198590961, 0x10, 502, 52, 0),
        (72, Joiner, Server, 52141, 9999, 476878471, 0, 0x02, 29200, 52, 0),
        (40, Server, Joiner, 9999, 52141, 0, 476878472, 0x14, 0, 20, 0),
        (60, Client, Server, 37746, 9999, 3198590961, 313062182, 0x10, 457, 40, 0),
        (72, Joiner, Server, 35332, 9999, 3731747328, 0, 0x02, 29200, 52, 0),
        (40, Server, Joiner, 9999, 35332, 0, 3731747329, 0x14, 0, 20, 0),
        (72, Client, Server, 37746, 9999, 3198590961, 313062182, 0x10, 457, 52, 0),
        (60, Server, Client, 9999, 37746, 313062182, 3198590961, 0x11, 502, 40, 0),
        (60, Server, Client, 9999, 37746, 313062183, 3198590961, 0x10, 502, 40, 0),
        (60, Client, Server, 37746, 9999, 3198590961, 313062183, 0x11, 457, 40, 0),
        (60, Server, Client, 9999, 37746, 313062183, 3198590962, 0x10, 502, 40, 0),
    ];

    /// <summary>The timestamp of frame <paramref name="number"/> (1-based).</summary>
    public static long Timestamp(long number) => StartNanoseconds + ((number - 1) * StepNanoseconds);
}
