using System;
using System.IO;

namespace Mptcp.Codec.Capture;

/// <summary>
/// Reads a stream in large chunks into one buffer and lends spans of it. The buffer grows only when a single
/// request is larger than it; a lent span is valid until the next <see cref="Ensure"/>.
/// </summary>
internal sealed class CaptureInput
{
    /// <summary>The largest read, and the buffer size for a stream of unknown length.</summary>
    public const int ChunkSize = 1 << 20;

    private const int SmallestBuffer = 4096;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferOffset;
    private bool _endOfStream;

    public CaptureInput(Stream stream)
    {
        _stream = stream;
        long size = stream.CanSeek ? stream.Length - stream.Position : ChunkSize;
        _buffer = new byte[Math.Clamp(size, SmallestBuffer, ChunkSize)];
    }

    /// <summary>Offset of the next unconsumed octet from where the reader started.</summary>
    public long Offset => _bufferOffset + _start;

    /// <summary>How many octets are buffered from <see cref="Offset"/> on.</summary>
    public int Available => _end - _start;

    /// <summary>Buffers <paramref name="count"/> octets from <see cref="Offset"/> on; false when the stream ends first.</summary>
    public bool Ensure(int count)
    {
        if (Available >= count)
        {
            return true;
        }

        if (_start + count > _buffer.Length)
        {
            byte[] target = count > _buffer.Length ? new byte[Math.Max(count, 2 * _buffer.Length)] : _buffer;
            _buffer.AsSpan(_start, Available).CopyTo(target);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        while (Available < count && !_endOfStream)
        {
            int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _endOfStream = read == 0;
            _end += read;
        }

        return Available >= count;
    }

    /// <summary>The next <paramref name="count"/> octets, which <see cref="Ensure"/> has buffered.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    /// <summary>Every octet buffered and not consumed, as a copy (to hand to a decompressor before any is consumed).</summary>
    public byte[] TakeBuffered()
    {
        byte[] taken = _buffer.AsSpan(_start, Available).ToArray();
        _start = _end;
        return taken;
    }

    /// <summary>Consumes <paramref name="count"/> buffered octets (spans already lent stay valid).</summary>
    public void Advance(int count) => _start += count;
}
