using System;
using System.Buffers.Binary;
using System.IO;

namespace Mptcp.Codec.Capture.Synthesis;

/// <summary>Writes a classic little-endian, microsecond pcap file of raw IP packets (link type 101).</summary>
public sealed class PcapWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly byte[] _header = new byte[16];

    /// <summary>Starts the file with its global header.</summary>
    public PcapWriter(Stream stream)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        Span<byte> global = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(global, 0xa1b2c3d4);
        BinaryPrimitives.WriteUInt16LittleEndian(global[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(global[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(global[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(global[20..], LinkTypes.Raw);
        _stream.Write(global);
    }

    /// <summary>Appends one packet.</summary>
    public void Write(long timestampMicroseconds, ReadOnlySpan<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_header, (uint)(timestampMicroseconds / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(4), (uint)(timestampMicroseconds % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(8), (uint)packet.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(_header.AsSpan(12), (uint)packet.Length);
        _stream.Write(_header);
        _stream.Write(packet);
    }

    /// <summary>Flushes and closes the stream.</summary>
    public void Dispose() => _stream.Dispose();
}
