namespace Mptcp.Codec.Capture.Pairing;

// One TCP segment of one capture, as much of it as pairing needs (about 70 bytes): where it was seen, which subflow
// and direction it belongs to, and the fields that tell it from every other segment of that direction.
internal struct SegmentRecord
{
    public long Frame;
    public long Time;

    // Index of the segment's subflow in CaptureRecording.Subflows.
    public int Subflow;
    public bool FromInitiator;
    public uint Sequence;
    public uint Acknowledgment;
    public byte Flags;
    public int Length;
    public ulong PayloadHash;

    // IPv4's identification (0 in IPv6), which with TsVal tells retransmissions apart.
    public ushort IpId;
    public uint TsVal;

    // The 64-bit DSN of the first data octet, when the analysis knows it.
    public ulong? Dsn;

    // The frames, of the same capture, this segment reinjects (null when it is no reinjection).
    public long[]? ReinjectionOf;
}
