using System;
using System.IO;

namespace Mptcp.Codec.Capture.Compression;

/// <summary>
/// A decompressor's output that ends where the compressed data is damaged, instead of throwing from the middle of a
/// read: gzip's inflater throws <see cref="InvalidDataException"/> (a bad block type, a bad distance, a CRC mismatch)
/// and zstd's <c>ZstdException</c> (a bad frame, a checksum mismatch) or <see cref="EndOfStreamException"/> (data cut
/// inside a frame). What was decompressed before the damage is
/// still delivered, but for the last <see cref="MaxRead"/> octets at most; <see cref="DamagedAt"/> says where the
/// damage stopped it, for the reader to report.
/// </summary>
internal sealed class DamageStoppingStream(Stream decompressor) : ReadOnlyStream
{
    /// <summary>
    /// The most asked of the decompressor at once: a decompressor that throws loses what it had put in that read's
    /// buffer (the reader asks for 1 MiB), so reads are kept to a zstd block's size.
    /// </summary>
    public const int MaxRead = 128 * 1024;

    private long _delivered;

    /// <summary>The decompressed offset at which the damage ended the output, or null while it is intact.</summary>
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
