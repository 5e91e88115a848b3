using System;
using System.IO;

namespace Mptcp.Codec.Capture.Compression;

// A decompressor's output that ends where the compressed data is damaged, instead of throwing from the middle of a
// read: gzip's inflater throws InvalidDataException (a bad block type, a bad distance, a CRC mismatch)
// and zstd's ZstdException (a bad frame, a checksum mismatch) or EndOfStreamException (data cut
// inside a frame). What was decompressed before the damage is
// still delivered, but for the last MaxRead octets at most; DamagedAt says where the
// damage stopped it, for the reader to report.
internal sealed class DamageStoppingStream(Stream decompressor) : ReadOnlyStream
{
    // The most asked of the decompressor at once: a decompressor that throws loses what it had put in that read's
    // buffer (the reader asks for 1 MiB), so reads are kept to a zstd block's size.
    public const int MaxRead = 128 * 1024;

    private long _delivered;

    // The decompressed offset at which the damage ended the output, or null while it is intact.
    public long? DamagedAt { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        if (DamagedAt is not null)
        {
            return 0;
        }

        try
        {
            int read = decompressor.Read(buffer[..Math.Min(buffer.Length, MaxRead)]);
            _delivered += read;
            return read;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            DamagedAt = _delivered;
            return 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressor.Dispose();
        }

        base.Dispose(disposing);
    }
}
