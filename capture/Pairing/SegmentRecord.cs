namespace Mptcp.Codec.Capture.Pairing;

/// <summary>
/// One TCP segment of one capture, as much of it as pairing needs (about 70 bytes): where it was seen, which subflow
/// and direction it belongs to, and the fields that tell it from every other segment of that direction.
/// </summary>
internal struct SegmentRecord
{
    public long Frame;
    public long Time;

    /// <summary>Index of the segment's subflow in <see cref="CaptureRecording.Subflows"/>.</summary>
    public int Subflow;
    public bool FromInitiator;
    public uint Sequence;
    public uint Acknowledgment;
    public byte Flags;
    public int Length;
    public ulong PayloadHash;

    /// <summary>IPv4's identification (0 in IPv6), which with <see cref="TsVal"/> tells retransmissions apart.</summary>
    public ushort IpId;
    public uint TsVal;

    /// <summary>The 64-bit DSN of the first data octet, when the analysis knows it.</summary>
    public ulong? Dsn;

    /// <summary>The frames, of the same capture, this segment reinjects (null when it is no reinjection).</summary>
    public long[]? ReinjectionOf;
}
