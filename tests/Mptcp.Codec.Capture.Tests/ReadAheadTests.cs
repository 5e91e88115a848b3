using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Mptcp.Codec.Capture.Tests;

/// <summary>
/// A file of many chunks is read ahead on another thread (CaptureInput, ReadAhead): every record must come out as it
/// was written, across chunk boundaries, and through a record larger than the read-ahead headroom (which ends it).
/// </summary>
public sealed class ReadAheadTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mptcp-readahead-{Guid.NewGuid():N}.pcap");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryRecordOfAManyChunkFileComesOutAsWritten(bool pcapng)
    {
        // 12 MiB of records of 1 to 70,000 octets (many cross a 1 MiB chunk) and one of 262,144 (libpcap's largest);
        // in pcapng, a 700,000-octet Decryption Secrets Block at 9 MiB, beyond the 512 KiB headroom: read-ahead stops
        // there, the rest is read synchronously.
        var random = new Random(17);
        var lengths = new List<int>();
        long total = 0;
        while (total < 12 << 20)
        {
            int length = lengths.Count == 100 ? 262_144 : random.Next(1, 70_000);
            lengths.Add(length);
            total += 32 + length;
        }

        if (pcapng)
        {
            WritePcapNg(_path, lengths, bigBlockAfter: 9 << 20);
        }
        else
        {
            WritePcap(_path, lengths);
        }

        using CaptureReader reader = CaptureReader.Open(_path);
        int index = 0;
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            Assert.Empty(reader.Problems);
            Assert.Equal(lengths[index], frame.Data.Length);
            Assert.Equal(index + 1, frame.FrameNumber);
            Assert.True(IsPattern(frame.Data, index), $"frame {index + 1}: octets differ from those written");
            index++;
        }

        Assert.Empty(reader.Problems);
        Assert.Equal(lengths.Count, index);
    }

    [Fact]
    public void ABlockLargerThanTheHeadroomCutShortAtTheEndEndsTheReadingWithAProblem()
    {
        // The last block, cut short, asks for more than the headroom while read-ahead is at the end of the file: the
        // read in flight finds nothing, the stream is read on synchronously, and the cut block is the one problem.
        var lengths = Enumerable.Range(0, 400).Select(i => 20_000 + i).ToList();
        WritePcapNg(_path, lengths, bigBlockAfter: long.MaxValue);
        using (var file = new FileStream(_path, FileMode.Append))
        {
            Span<byte> header = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x00000006);
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], 900_000);
            file.Write(header);
            file.Write(new byte[1000]);
        }

        using CaptureReader reader = CaptureReader.Open(_path);
        int frames = 0;
        while (reader.TryReadNext(out _))
        {
            frames++;
        }

        Assert.Equal(400, frames);
        Assert.Single(reader.Problems);
    }

    private static void WritePcap(string path, List<int> lengths)
    {
        using var file = new FileStream(path, FileMode.Create);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 1 << 20); // snaplen
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], 101);     // raw IP
        file.Write(header);
        for (int i = 0; i < lengths.Count; i++)
        {
            byte[] record = new byte[16 + lengths[i]];
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(0), (uint)i);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), (uint)lengths[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12), (uint)lengths[i]);
            for (int j = 0; j < lengths[i]; j++)
            {
                record[16 + j] = Pattern(i, j);
            }

            file.Write(record);
        }
    }

    private static void WritePcapNg(string path, List<int> lengths, long bigBlockAfter)
    {
        using var file = new FileStream(path, FileMode.Create);
        Block(file, 0x0A0D0D0A, [0x4D, 0x3C, 0x2B, 0x1A, 1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]); // SHB 1.0
        Block(file, 0x00000001, [101, 0, 0, 0, 0, 0, 0x10, 0]); // IDB: raw IP, snaplen 1 MiB
        bool big = false;
        for (int i = 0; i < lengths.Count; i++)
        {
            if (!big && file.Position > bigBlockAfter)
            {
                Block(file, 0x0000000A, new byte[700_000]); // a Decryption Secrets Block (pcapng §4.7): skipped
                big = true;
            }

            int padded = (lengths[i] + 3) & ~3;
            byte[] body = new byte[20 + padded];
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)i);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(12), (uint)lengths[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(16), (uint)lengths[i]);
            for (int j = 0; j < lengths[i]; j++)
            {
                body[20 + j] = Pattern(i, j);
            }

            Block(file, 0x00000006, body); // EPB
        }
    }

    private static void Block(Stream file, uint type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, type);
        file.Write(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)(12 + body.Length));
        file.Write(word);
        file.Write(body);
        file.Write(word);
    }

    private static byte Pattern(int record, int at) => (byte)((record * 31) + (at * 7) + (at >> 8));

    private static bool IsPattern(ReadOnlySpan<byte> data, int record)
    {
        for (int j = 0; j < data.Length; j++)
        {
            if (data[j] != Pattern(record, j))
            {
                return false;
            }
        }

        return true;
    }
}
