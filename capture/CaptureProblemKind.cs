using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture;

/// <summary>What is wrong at a place of a capture file.</summary>
public enum CaptureProblemKind
{
    /// <summary>The file ends inside its file header (classic pcap's 24 octets, or pcapng's first block).</summary>
    TruncatedFile,

    /// <summary>The file ends inside a record or block; reading stops there.</summary>
    TruncatedRecord,

    /// <summary>
    /// A packet record's captured length exceeds what any capture holds (262144 octets, libpcap's limit), or, in pcapng,
    /// the interface's snap length or its block. pcapng skips the block; classic pcap, with no marker to find the next
    /// record by, stops, as libpcap does.
    /// </summary>
    BadRecordLength,

    /// <summary>
    /// A pcapng block whose total length is below 12, not a multiple of 4, above 16 MiB or not repeated in its
    /// trailer, or too short for its type. Reading goes on at the next plausible block.
    /// </summary>
    BadBlock,

    /// <summary>A well-formed pcapng block of a type this reader does not know; it is skipped.</summary>
    UnknownBlock,

    /// <summary>A pcapng packet block names an interface that its section has not described; it is skipped.</summary>
    UnknownInterface,

    /// <summary>The file starts with neither a pcap magic nor a pcapng section header; nothing is read.</summary>
    UnknownFormat,

    /// <summary>A file header or interface has a link type that <see cref="PacketDecoder"/> does not decode (its frames are still read).</summary>
    UnsupportedLinkType,

    /// <summary>
    /// A classic pcap record holds more octets than the file's snap length: as libpcap does, the frame is cut to the
    /// snap length (the rest of the record is skipped) and reading goes on.
    /// </summary>
    RecordCutToSnapLength,

    /// <summary>
    /// A pcapng packet block's timestamp lies beyond what <see cref="CapturedFrame.TimestampNanoseconds"/> holds (before
    /// 1677 or after 2262: a damaged timestamp, in practice); the frame is delivered with the nearest instant it can hold.
    /// </summary>
    TimestampOutOfRange,

    /// <summary>
    /// The gzip or zstd data of a compressed capture is damaged (a bad block, a checksum mismatch); reading stops at
    /// that decompressed offset, after every frame before it.
    /// </summary>
    DamagedCompression,

    /// <summary>
    /// A warning: the classic pcap file header gives a version that libpcap refuses, other than 2.0 to 2.4
    /// (<see cref="CaptureProblem.Value"/> is major × 65536 + minor); the records are read as 2.4's all the same.
    /// </summary>
    UnusualVersion,

    /// <summary>
    /// A warning: a pcapng interface of another link type (<see cref="CaptureProblem.Value"/>) than the file's first
    /// interface, which libpcap refuses; every frame is read with its own interface's link type. Reported once a file.
    /// </summary>
    SeveralLinkTypes,
}
