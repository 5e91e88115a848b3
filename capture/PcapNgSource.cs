using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture;

// pcapng: blocks of type, total length, body and the total length again. Sections (each with its own byte order)
// describe interfaces; packet blocks refer to them. A block whose lengths do not hold is skipped by scanning
// forward, 4 octets at a time, for a known block type whose lengths do.
internal sealed class PcapNgSource : RecordSource
{
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    private const int BlockOverhead = 12;
    private const int MaxBlockLength = 16 << 20;
    private const int SectionHeaderFixedLength = 16;
    private const int PacketFixedLength = 20;
    private const int SimplePacketFixedLength = 4;

    private readonly List<PcapNgInterface> _interfaces = [];
    private int? _firstLinkType;
    private bool _severalLinkTypesReported;

    public PcapNgSource(CaptureInput input, Action<CaptureProblem> report)
        : base(input, report)
    {
    }

    public override bool TryReadNext(out CapturedFrame frame)
    {
        frame = default;
        while (true)
        {
            long offset = Input.Offset;
            CaptureProblemKind truncation = offset == 0 ? CaptureProblemKind.TruncatedFile : CaptureProblemKind.TruncatedRecord;
            if (!Input.Ensure(BlockOverhead))
            {
                return End(offset, truncation);
            }

            bool sane = TryMeasure(out uint type, out int length, out bool bigEndian);
            if (sane && !Input.Ensure(length) && PcapNgBlockType.IsKnown(type))
            {
                return End(offset, truncation);
            }

            if (!sane || !HasTrailer(length, bigEndian))
            {
                Report(offset, CaptureProblemKind.BadBlock);
                if (!Resynchronise())
                {
                    return false;
                }

                continue;
            }

            ReadOnlySpan<byte> body = Input.Peek(length)[8..^4];
            Input.Advance(length);
            if (type == PcapNgBlockType.SectionHeader)
            {
                BigEndian = bigEndian;
                _interfaces.Clear();
            }

            if (ReadBlock(type, body, offset, out frame))
            {
                return true;
            }
        }
    }

    // Reads the buffered block header: its type, and a total length that is plausible, in its byte order.
    private bool TryMeasure(out uint type, out int length, out bool bigEndian)
    {
        ReadOnlySpan<byte> header = Input.Peek(BlockOverhead);
        bigEndian = BigEndian;
        type = Endian.UInt32(header, bigEndian);
        length = 0;
        if (type == PcapNgBlockType.SectionHeader)
        {
            uint magic = BinaryPrimitives.ReadUInt32BigEndian(header[8..]);
            bigEndian = magic == ByteOrderMagic;
            if (!bigEndian && BinaryPrimitives.ReverseEndianness(magic) != ByteOrderMagic)
            {
                return false;
            }
        }

        uint total = Endian.UInt32(header[4..], bigEndian);
        length = (int)total;
        return total is >= BlockOverhead and <= MaxBlockLength && total % 4 == 0;
    }

    private bool HasTrailer(int length, bool bigEndian) =>
        Input.Available >= length && Endian.UInt32(Input.Peek(length)[^4..], bigEndian) == (uint)length;

    // Steps past a bad block 4 octets at a time to a known, whole block; false at the end of the input.
    private bool Resynchronise()
    {
        do
        {
            Input.Advance(4);
            if (!Input.Ensure(BlockOverhead))
            {
                return false;
            }
        }
        while (!(TryMeasure(out uint type, out int length, out bool bigEndian) && PcapNgBlockType.IsKnown(type)
            && Input.Ensure(length) && HasTrailer(length, bigEndian)));

        return true;
    }

    private bool ReadBlock(uint type, ReadOnlySpan<byte> body, long offset, out CapturedFrame frame)
    {
        frame = default;
        switch (type)
        {
            case PcapNgBlockType.SectionHeader when body.Length < SectionHeaderFixedLength:
            case PcapNgBlockType.InterfaceDescription when body.Length < PcapNgInterface.FixedLength:
                Report(offset, CaptureProblemKind.BadBlock);
                return false;
            case PcapNgBlockType.InterfaceDescription:
                PcapNgInterface described = PcapNgInterface.Read(body, BigEndian);
                _interfaces.Add(described);
                CheckLinkType(offset, described.LinkType);
                _firstLinkType ??= described.LinkType;
                if (described.LinkType != _firstLinkType && !_severalLinkTypesReported)
                {
                    _severalLinkTypesReported = true;
                    Report(offset, CaptureProblemKind.SeveralLinkTypes, described.LinkType);
                }
                return false;
            case PcapNgBlockType.EnhancedPacket or PcapNgBlockType.ObsoletePacket or PcapNgBlockType.SimplePacket:
                return TryReadPacket(type, body, offset, out frame);
            default:
                if (PcapNgBlockType.IsNumberedRecord(type))
                {
                    RecordCount++;
                }
                else if (!PcapNgBlockType.IsKnown(type))
                {
                    Report(offset, CaptureProblemKind.UnknownBlock);
                }

                return false;
        }
    }

    // An Enhanced, obsolete or Simple Packet Block (the last has interface 0 and no timestamp).
    private bool TryReadPacket(uint type, ReadOnlySpan<byte> body, long offset, out CapturedFrame frame)
    {
        frame = default;
        bool simple = type == PcapNgBlockType.SimplePacket;
        int fixedLength = simple ? SimplePacketFixedLength : PacketFixedLength;
        if (body.Length < fixedLength)
        {
            return Skip(offset, CaptureProblemKind.BadBlock);
        }

        uint interfaceId = simple ? 0 : type == PcapNgBlockType.ObsoletePacket ? UInt16(body) : UInt32(body);
        if (interfaceId >= (uint)_interfaces.Count)
        {
            return Skip(offset, CaptureProblemKind.UnknownInterface);
        }

        PcapNgInterface face = _interfaces[(int)interfaceId];
        uint original = UInt32(body[(fixedLength - 4)..]);
        uint captured = !simple ? UInt32(body[12..]) : face.SnapLength == 0 ? original : Math.Min(original, face.SnapLength);
        if (!FitsSnapLength(captured, face.SnapLength) || captured > body.Length - fixedLength)
        {
            return Skip(offset, CaptureProblemKind.BadRecordLength, captured);
        }

        long timestamp = 0;
        if (!simple && !face.Clock.TryToNanoseconds(((ulong)UInt32(body[4..]) << 32) | UInt32(body[8..]), out timestamp))
        {
            Report(offset, CaptureProblemKind.TimestampOutOfRange);
        }

        frame = Deliver(timestamp, face.LinkType, (int)interfaceId, original, body.Slice(fixedLength, (int)captured), offset);
        return true;
    }
}
