using System;
using System.Buffers.Binary;
using System.IO;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Capture;

/// <summary>
/// Writes frames to a capture file as they were read: the same octets, original length and timestamp. Classic pcap
/// (nanosecond magic, so no timestamp is rounded) holds one link type, the first frame's; pcapng holds any number,
/// one interface description per link type met. Nothing is allocated per frame.
/// </summary>
public sealed class CaptureWriter : IDisposable
{
    private const int SnapLength = 262144;
    private const int MaxLinkTypes = 64;

    private static readonly byte[] Padding = new byte[4];

    private readonly Stream _stream;
    private readonly bool _pcapNg;
    private readonly bool _leaveOpen;
    private readonly byte[] _header = new byte[32];
    private readonly int[] _interfaces = new int[MaxLinkTypes];
    private int _interfaceCount;
    private int _linkType = -1;

    /// <summary>Writes to <paramref name="stream"/> in classic pcap, or pcapng when <paramref name="pcapNg"/> is true.</summary>
    /// <param name="stream">Where the file goes.</param>
    /// <param name="pcapNg">pcapng rather than classic pcap.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <param name="linkType">For classic pcap, the file's link type, whose header is then written at once (a reader of a pipe
    /// sees it before any packet); by default the first frame's.</param>
    public CaptureWriter(Stream stream, bool pcapNg = false, bool leaveOpen = false, int linkType = -1)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _pcapNg = pcapNg;
        _leaveOpen = leaveOpen;
        if (pcapNg)
        {
            // Section header: byte-order magic, version 1.0, section length unknown (-1).
            Span<byte> body = stackalloc byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(body, 0x1A2B3C4D);
            BinaryPrimitives.WriteUInt16LittleEndian(body[4..], 1);
            BinaryPrimitives.WriteInt64LittleEndian(body[8..], -1);
            Block(PcapNgBlockType.SectionHeader, body, default);
        }
        else if (linkType >= 0)
        {
            FileHeader(linkType);
        }
    }

    /// <summary>Creates the file at <paramref name="path"/>: pcapng if its name ends in <c>.pcapng</c>, classic pcap otherwise.</summary>
    public static CaptureWriter Create(string path) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20), path.EndsWith(".pcapng", StringComparison.OrdinalIgnoreCase));

    /// <summary>Frames written so far.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Writes <paramref name="frame"/>; false (nothing written) when a classic pcap file already holds another link type.</summary>
    public bool TryWrite(in CapturedFrame frame) => TryWrite(frame.TimestampNanoseconds, frame.LinkType, frame.OriginalLength, frame.Data);

    /// <summary>Writes one frame; false (nothing written) when a classic pcap file already holds another link type, or a pcapng file 64.</summary>
    public bool TryWrite(long timestampNanoseconds, int linkType, uint originalLength, ReadOnlySpan<byte> data)
    {
        bool written = _pcapNg ? WritePacketBlock(timestampNanoseconds, linkType, originalLength, data) : WriteRecord(timestampNanoseconds, linkType, originalLength, data);
        FramesWritten += written ? 1 : 0;
        return written;
    }

    /// <summary>Flushes, writing a classic pcap file's header if no frame did (link type Ethernet), and closes the stream unless left open.</summary>
    public void Dispose()
    {
        if (!_pcapNg && _linkType < 0)
        {
            FileHeader(LinkTypes.Ethernet);
        }

        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private bool WriteRecord(long timestamp, int linkType, uint originalLength, ReadOnlySpan<byte> data)
    {
        if (_linkType < 0)
        {
            FileHeader(linkType);
        }
        else if (linkType != _linkType)
        {
            return false;
        }

        Span<byte> header = _header.AsSpan(0, 16);
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)Math.DivRem(timestamp, 1_000_000_000L, out long nanoseconds));
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)nanoseconds);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], originalLength);
        _stream.Write(header);
        _stream.Write(data);
        return true;
    }

    private void FileHeader(int linkType)
    {
        _linkType = linkType;
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B23C4D); // nanosecond resolution
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], SnapLength);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], linkType);
        _stream.Write(header);
    }

    private bool WritePacketBlock(long timestamp, int linkType, uint originalLength, ReadOnlySpan<byte> data)
    {
        int id = Array.IndexOf(_interfaces, linkType, 0, _interfaceCount);
        if (id < 0)
        {
            if (_interfaceCount == MaxLinkTypes)
            {
                return false;
            }

            // Interface description: link type, snap length, and if_tsresol 9 (nanoseconds).
            Span<byte> body = stackalloc byte[20];
            body.Clear();
            BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)linkType);
            BinaryPrimitives.WriteInt32LittleEndian(body[4..], SnapLength);
            BinaryPrimitives.WriteUInt16LittleEndian(body[8..], 9);
            BinaryPrimitives.WriteUInt16LittleEndian(body[10..], 1);
            body[12] = 9;
            Block(PcapNgBlockType.InterfaceDescription, body, default);
            id = _interfaceCount;
            _interfaces[_interfaceCount++] = linkType;
        }

        Span<byte> fixedPart = _header.AsSpan(0, 20);
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart, id);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[4..], (uint)((ulong)timestamp >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[8..], (uint)timestamp);
        BinaryPrimitives.WriteInt32LittleEndian(fixedPart[12..], data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[16..], originalLength);
        Block(PcapNgBlockType.EnhancedPacket, fixedPart, data);
        return true;
    }

    // A pcapng block: type, total length, the body (two parts, padded to 4 octets), the total length again.
    private void Block(uint type, ReadOnlySpan<byte> body, ReadOnlySpan<byte> data)
    {
        int padding = -(body.Length + data.Length) & 3;
        int total = 12 + body.Length + data.Length + padding;
        Span<byte> edge = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(edge, type);
        BinaryPrimitives.WriteInt32LittleEndian(edge[4..], total);
        _stream.Write(edge);
        _stream.Write(body);
        _stream.Write(data);
        _stream.Write(Padding.AsSpan(0, padding));
        _stream.Write(edge[4..]);
    }
}
