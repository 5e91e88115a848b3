using System;
using System.IO;

namespace Mptcp.Codec.Capture.Compression;

// A read-only, forward-only stream of some octets already read, then the rest of another stream: what a decompressor
// is given once the first octets of a pipe have been looked at to tell the format.
internal sealed class PrefixedStream(byte[] prefix, Stream rest) : ReadOnlyStream
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
        {
            int n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        return rest.Read(buffer);
    }
}
