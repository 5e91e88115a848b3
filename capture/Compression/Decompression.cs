using System;
using System.IO;
using System.IO.Compression;

namespace Mptcp.Codec.Capture.Compression;

// Captures compressed as Wireshark opens them, told by their content (not their name): gzip and zstd.
internal static class Decompression
{
    // Octets needed to tell a compressed capture.
    public const int MagicLength = 4;

    // True when start opens a gzip member (1f 8b) or a zstd frame (28 b5 2f fd).
    public static bool IsCompressed(ReadOnlySpan<byte> start) => IsGzip(start) || IsZstd(start);

    // The decompressed capture: start (the first octets, already read from rest)
    // and the rest of rest, through gzip or zstd as start says.
    public static DamageStoppingStream Open(byte[] start, Stream rest)
    {
        var compressed = new PrefixedStream(start, rest);
        return new DamageStoppingStream(IsGzip(start) ? new GZipStream(compressed, CompressionMode.Decompress) : new ZstdSharp.DecompressionStream(compressed));
    }

    private static bool IsGzip(ReadOnlySpan<byte> start) => start.Length >= 2 && start[0] == 0x1F && start[1] == 0x8B;

    private static bool IsZstd(ReadOnlySpan<byte> start) =>
        start.Length >= 4 && start[0] == 0x28 && start[1] == 0xB5 && start[2] == 0x2F && start[3] == 0xFD;
}
