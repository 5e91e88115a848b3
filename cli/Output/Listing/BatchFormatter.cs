using System;
using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Output.Listing;

/// <summary>
/// Turns a <see cref="PacketBatch"/> into UTF-8: tcpdump-style lines (with the inline marks of --verify) or JSON Lines.
/// Holds no state across packets (tcpdump's relative numbers come with the batch), so batches are formatted in
/// parallel, each by its own formatter.
/// </summary>
internal sealed class BatchFormatter(bool json, bool verify)
{
    private readonly TcpdumpLine _line = new();
    private readonly char[] _marks = new char[2048]; // room for every check and finding of 40 options
    private Utf8JsonWriter? _json;

    /// <summary>Formats every packet of <paramref name="batch"/> into its <see cref="PacketBatch.Output"/>.</summary>
    public void Format(PacketBatch batch)
    {
        for (int i = 0; i < batch.Count; i++)
        {
            BatchedPacket packet = batch[i];
            if (json)
            {
                Json(batch.Output, packet);
            }
            else
            {
                Text(batch.Output, packet);
            }
        }
    }

    private void Text(ArrayBufferWriter<byte> output, in BatchedPacket packet)
    {
        if (!packet.CutHeader.IPHeader.IsEmpty)
        {
            Utf8(output, _line.Format(packet.Frame, packet.Time, packet.CutHeader));
            return;
        }

        if (packet.Status != PacketDecodeStatus.Ok)
        {
            Utf8(output, $"{packet.Frame,5}  not TCP ({packet.Status})\n");
            return;
        }

        Utf8(output, _line.Format(packet.Frame, packet.Time, packet.Segment, packet.Seq, packet.Ack, Marks(packet.Checks, packet.Findings, _marks)));
    }

    private void Json(ArrayBufferWriter<byte> output, in BatchedPacket packet)
    {
        if (_json is null)
        {
            _json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }); // PacketJson writes whole objects: nothing to validate
        }
        else
        {
            _json.Reset(output);
        }

        PacketJson.Write(_json, packet.Frame, packet.Time, packet.Segment, verify ? packet.Checks : default, packet.DataLevel, packet.Findings, packet.ReinjectionOf, packet.ReinjectedIn);
        _json.Flush();
        output.Write("\n"u8);
    }

    private static void Utf8(ArrayBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        int written = Encoding.UTF8.GetBytes(text, output.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length)));
        output.Advance(written);
    }

    private static ReadOnlySpan<char> Marks(ReadOnlySpan<PacketCheck> checks, ReadOnlySpan<FindingKind> findings, Span<char> buffer)
    {
        int n = 0;
        foreach (PacketCheck check in checks)
        {
            buffer[n..].TryWrite(CultureInfo.InvariantCulture, $" [{Names.Of(check.Kind)} {Names.Of(check.Outcome)}]", out int written);
            n += written;
        }

        foreach (FindingKind finding in findings)
        {
            buffer[n..].TryWrite(CultureInfo.InvariantCulture, $" [finding {Names.Of(finding)}]", out int written);
            n += written;
        }

        return buffer[..n];
    }
}
