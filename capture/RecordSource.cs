using System;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture;

// The records of one capture format: numbers frames and reports problems for its subclass.
internal abstract class RecordSource
{
    // The largest captured length accepted (Wireshark's standard maximum).
    private const uint MaxCapturedLength = 262144;

    private readonly Action<CaptureProblem> _report;

    protected RecordSource(CaptureInput input, Action<CaptureProblem> report)
    {
        Input = input;
        _report = report;
    }

    protected CaptureInput Input { get; }

    // The byte order of the file (of the current section, for pcapng).
    protected bool BigEndian { get; set; }

    // Packet records met so far, delivered or not.
    protected long RecordCount { get; set; }

    // Reads the next packet record; false at the end of the input or of what can be read of it.
    public abstract bool TryReadNext(out CapturedFrame frame);

    // Whether captured octets fit under an interface's snap length (0 is no limit).
    protected static bool FitsSnapLength(uint captured, uint snapLength) =>
        captured <= (snapLength is 0 or > MaxCapturedLength ? MaxCapturedLength : snapLength);

    protected ushort UInt16(ReadOnlySpan<byte> source) => Endian.UInt16(source, BigEndian);

    protected uint UInt32(ReadOnlySpan<byte> source) => Endian.UInt32(source, BigEndian);

    protected void Report(long offset, CaptureProblemKind kind, long value = 0) => _report(new CaptureProblem(offset, kind, RecordCount + 1, value));

    // Reports a link type that PacketDecoder cannot decode.
    protected void CheckLinkType(long offset, int linkType)
    {
        if (!PacketDecoder.IsSupportedLinkType(linkType))
        {
            Report(offset, CaptureProblemKind.UnsupportedLinkType, linkType);
        }
    }

    // At the end of the input: a truncation problem if octets are left over; always false.
    protected bool End(long offset, CaptureProblemKind truncation)
    {
        if (Input.Available > 0)
        {
            Report(offset, truncation);
        }

        return false;
    }

    // A packet record that is not delivered: reported, and numbered all the same.
    protected bool Skip(long offset, CaptureProblemKind kind, long value = 0)
    {
        Report(offset, kind, value);
        RecordCount++;
        return false;
    }

    protected CapturedFrame Deliver(long timestampNanoseconds, int linkType, int interfaceId, uint originalLength, ReadOnlySpan<byte> data, long offset) =>
        new(++RecordCount, timestampNanoseconds, linkType, interfaceId, originalLength, data, offset);
}
