using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Capture;

// Classic pcap: a 24-octet file header, then 16-octet record headers each followed by its data.
internal sealed class PcapSource : RecordSource
{
    // Octets of the file header.
    public const int FileHeaderLength = 24;

    private const int RecordHeaderLength = 16;
    private const uint Microseconds = 0xA1B2C3D4;
    private const uint Nanoseconds = 0xA1B23C4D;

    private readonly uint _snapLength;
    private readonly int _linkType;
    private readonly long _nanosecondsPerTick;

    // Reads the file header, which input has buffered (IsMagic holds).
    public PcapSource(CaptureInput input, Action<CaptureProblem> report)
        : base(input, report)
    {
        ReadOnlySpan<byte> header = input.Peek(FileHeaderLength);
        uint magic = Endian.UInt32(header, bigEndian: false);
        BigEndian = magic is not (Microseconds or Nanoseconds);
        _nanosecondsPerTick = UInt32(header) == Nanoseconds ? 1 : 1000;
        _snapLength = UInt32(header[16..]);
        _linkType = (int)(UInt32(header[20..]) & 0xFFFF); // the upper bits carry FCS information
        int major = UInt16(header[4..]), minor = UInt16(header[6..]);
        input.Advance(FileHeaderLength);
        // libpcap reads 2.0 to 2.4 and refuses the rest ("unsupported pcap savefile version", "archaic").
        if (major != 2 || minor > 4)
        {
            Report(0, CaptureProblemKind.UnusualVersion, (major << 16) | minor);
        }

        CheckLinkType(0, _linkType);
    }

    // Whether the first four octets, read little-endian, are a pcap magic (µs or ns, either byte order).
    public static bool IsMagic(uint magic) =>
        magic is Microseconds or Nanoseconds || BinaryPrimitives.ReverseEndianness(magic) is Microseconds or Nanoseconds;

    public override bool TryReadNext(out CapturedFrame frame)
    {
        frame = default;
        long offset = Input.Offset;
        if (!Input.Ensure(RecordHeaderLength))
        {
            return End(offset, CaptureProblemKind.TruncatedRecord);
        }

        // libpcap's rule: a record above 262144 octets is damage and ends the file; one above the file's snap length
        // but not that is cut to the snap length, and reading goes on.
        uint captured = UInt32(Input.Peek(RecordHeaderLength)[8..]);
        if (!FitsSnapLength(captured, 0))
        {
            Report(offset, CaptureProblemKind.BadRecordLength, captured);
            return false;
        }

        int length = RecordHeaderLength + (int)captured;
        if (!Input.Ensure(length))
        {
            return End(offset, CaptureProblemKind.TruncatedRecord);
        }

        ReadOnlySpan<byte> record = Input.Peek(length);
        Input.Advance(length);
        int kept = (int)captured;
        if (!FitsSnapLength(captured, _snapLength))
        {
            kept = (int)_snapLength;
            Report(offset, CaptureProblemKind.RecordCutToSnapLength, captured);
        }

        long timestamp = (UInt32(record) * 1_000_000_000L) + (UInt32(record[4..]) * _nanosecondsPerTick);
        frame = Deliver(timestamp, _linkType, 0, UInt32(record[12..]), record.Slice(RecordHeaderLength, kept), offset);
        return true;
    }
}
