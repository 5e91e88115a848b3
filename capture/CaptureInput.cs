using System;
using System.IO;

namespace Mptcp.Codec.Capture;

// Reads a stream in large chunks into one buffer and lends spans of it. The buffer grows only when a single
// request is larger than it; a lent span is valid until the next Ensure. A file of more than a few
// chunks is read ahead (ReadAhead): the next chunk is read on another thread into a second buffer, with
// Headroom in front of it for the unconsumed end of the current one.
internal sealed class CaptureInput : IDisposable
{
    // Room before a read-ahead chunk for what is left of the one before: a request larger than this ends read-ahead.
    public const int Headroom = 512 * 1024; // above any pcap record (262,144 + 16 octets)

    // Chunks read synchronously before reading ahead: a small file never starts a thread.
    private const int ChunksBeforeReadAhead = 4;

    private readonly FileStream? _file;
    private ReadAhead? _ahead;
    private byte[]? _spare;
    private long _readOffset;
    private int _chunks;

    // The largest read, and the buffer size for a stream of unknown length.
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
        _file = stream is FileStream { CanSeek: true } file ? file : null;
        long size = stream.CanSeek ? stream.Length - stream.Position : ChunkSize;
        _buffer = new byte[Math.Clamp(size, SmallestBuffer, ChunkSize)];
    }

    // Offset of the next unconsumed octet from where the reader started.
    public long Offset => _bufferOffset + _start;

    // How many octets are buffered from Offset on.
    public int Available => _end - _start;

    // Buffers count octets from Offset on; false when the stream ends first.
    public bool Ensure(int count)
    {
        if (Available >= count)
        {
            return true;
        }

        if (_ahead is null && _file is not null && _chunks >= ChunksBeforeReadAhead && count <= Headroom && !_endOfStream)
        {
            _readOffset = _file.Position;
            _ahead = new ReadAhead(_file.SafeFileHandle);
            _spare = new byte[Headroom + ChunkSize];
            _ahead.Start(_spare, Headroom, _readOffset);
        }

        if (_ahead is not null)
        {
            if (count <= Headroom)
            {
                return EnsureAhead(count);
            }

            StopReadingAhead();
        }

        _chunks++;
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

    private bool EnsureAhead(int count)
    {
        while (Available < count && !_endOfStream)
        {
            int read = _ahead!.Wait();
            _readOffset += read;
            _endOfStream = read == 0;

            // The next chunk's buffer, with what is left of this one moved in front of its data.
            int leftover = Available;
            byte[] next = _spare!;
            _buffer.AsSpan(_start, leftover).CopyTo(next.AsSpan(Headroom - leftover));
            _bufferOffset = Offset - (Headroom - leftover);
            _spare = _buffer.Length == next.Length ? _buffer : new byte[next.Length];
            _buffer = next;
            _start = Headroom - leftover;
            _end = Headroom + read;
            if (!_endOfStream)
            {
                _ahead.Start(_spare, Headroom, _readOffset);
            }
        }

        return Available >= count;
    }

    // A request larger than the headroom: the read in flight (none at the end of the file) is collected and the
    // stream read on synchronously.
    private void StopReadingAhead()
    {
        int read = _ahead!.Pending ? _ahead.Wait() : 0;
        if (_start + Available + read > _buffer.Length)
        {
            byte[] target = new byte[Math.Max(_buffer.Length, Available + read) * 2];
            _buffer.AsSpan(_start, Available).CopyTo(target);
            _bufferOffset += _start;
            _end -= _start;
            _start = 0;
            _buffer = target;
        }

        _spare.AsSpan(Headroom, read).CopyTo(_buffer.AsSpan(_end));
        _end += read;
        _readOffset += read;
        _endOfStream |= read == 0;
        _file!.Position = _readOffset;
        _ahead.Dispose();
        _ahead = null;
        _spare = null;
    }

    // Stops the read-ahead thread, if any (the stream is its owner's to close).
    public void Dispose()
    {
        _ahead?.Dispose();
        _ahead = null;
    }

    // The next count octets, which Ensure has buffered.
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_start, count);

    // Every octet buffered and not consumed, as a copy (to hand to a decompressor before any is consumed).
    public byte[] TakeBuffered()
    {
        byte[] taken = _buffer.AsSpan(_start, Available).ToArray();
        _start = _end;
        return taken;
    }

    // Consumes count buffered octets (spans already lent stay valid).
    public void Advance(int count) => _start += count;
}
