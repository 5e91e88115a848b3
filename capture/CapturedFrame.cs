using System;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture;

/// <summary>One packet record of a capture. Its <see cref="Data"/> is valid until the reader's next call.</summary>
public readonly ref struct CapturedFrame
{
    internal CapturedFrame(long frameNumber, long timestampNanoseconds, int linkType, int interfaceId, uint originalLength, ReadOnlySpan<byte> data, long fileOffset)
    {
        FrameNumber = frameNumber;
        TimestampNanoseconds = timestampNanoseconds;
        LinkType = linkType;
        InterfaceId = interfaceId;
        OriginalLength = originalLength;
        Data = data;
        FileOffset = fileOffset;
    }

    /// <summary>1-based, counting every packet record as tshark numbers frames, skipped malformed ones included.</summary>
    public long FrameNumber { get; }

    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z (0 for a pcapng Simple Packet Block, which has no timestamp).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>The LINKTYPE_ value of the frame's interface (see <see cref="LinkTypes"/>).</summary>
    public int LinkType { get; }

    /// <summary>The pcapng interface within its section (0 for classic pcap).</summary>
    public int InterfaceId { get; }

    /// <summary>The frame's length on the wire, as the record says (at least <see cref="Data"/>'s length unless the writer lied).</summary>
    public uint OriginalLength { get; }

    /// <summary>The captured octets, starting with the link-layer header.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Offset of the record (pcap record header or pcapng block) from the capture's first octet.</summary>
    public long FileOffset { get; }
}
