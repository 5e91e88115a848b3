using System;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Cli.Output;

/// <summary>One JSON Lines object per packet that carries an MPTCP option: frame, addresses, ports, TCP flags, options.</summary>
internal static class PacketJson
{
    /// <summary>True when the segment carries an MPTCP option, or an option block too damaged to tell.</summary>
    public static bool HasMptcp(in TcpSegment segment)
    {
        var walker = TcpOptionWalker.MptcpOptions(segment.Options);
        return walker.MoveNext() || !walker.Error.IsOk;
    }

    /// <summary>The member <c>"option_block_error": {"status", "offset"}</c> of an option block that could not be walked to its end.</summary>
    public static void WriteOptionBlockError(Utf8JsonWriter json, MptcpError error)
    {
        json.WriteStartObject("option_block_error"u8);
        json.WriteString("status"u8, error.Status.ToString());
        json.WriteNumber("offset"u8, error.Offset);
        json.WriteEndObject();
    }

    /// <summary>Writes the object (no newline).</summary>
    public static void Write(Utf8JsonWriter json, long frame, long timestampNanoseconds, in TcpSegment segment, ReadOnlySpan<PacketCheck> checks)
        => Write(json, frame, timestampNanoseconds, segment, checks, default, default, default, default);

    /// <summary>Writes the object (no newline), with its data-level fields and findings.</summary>
    /// <param name="json">Where the object goes.</param>
    /// <param name="frame">The frame number.</param>
    /// <param name="timestampNanoseconds">The frame's time.</param>
    /// <param name="segment">Its TCP segment.</param>
    /// <param name="checks">The checks made on it (with --verify).</param>
    /// <param name="dataLevel">Its data-level fields.</param>
    /// <param name="findings">What is wrong in it.</param>
    /// <param name="reinjectionOf">The frames, on other subflows, that carried this one's data before.</param>
    /// <param name="reinjectedIn">The frames, on other subflows, that carried this one's data again (known only from a first pass).</param>
    public static void Write(Utf8JsonWriter json, long frame, long timestampNanoseconds, in TcpSegment segment, ReadOnlySpan<PacketCheck> checks, in PacketDataLevel dataLevel, ReadOnlySpan<FindingKind> findings, ReadOnlySpan<long> reinjectionOf, ReadOnlySpan<long> reinjectedIn)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("frame"u8, frame);
        MptcpJson.WriteUInt64(json, "time_ns"u8, (ulong)timestampNanoseconds);
        Span<char> text = stackalloc char[48];
        segment.Source.TryFormat(text, out int n);
        json.WriteString("src"u8, text[..n]);
        segment.Destination.TryFormat(text, out n);
        json.WriteString("dst"u8, text[..n]);
        json.WriteNumber("sport"u8, segment.SourcePort);
        json.WriteNumber("dport"u8, segment.DestinationPort);
        json.WriteNumber("seq"u8, segment.SequenceNumber);
        json.WriteNumber("ack"u8, segment.AcknowledgmentNumber);
        json.WriteStartObject("flags"u8);
        json.WriteBoolean("syn"u8, segment.Syn);
        json.WriteBoolean("ack"u8, segment.Ack);
        json.WriteBoolean("fin"u8, segment.Fin);
        json.WriteBoolean("rst"u8, segment.Rst);
        json.WriteBoolean("psh"u8, segment.Psh);
        json.WriteEndObject();
        json.WriteNumber("length"u8, segment.PayloadLength);
        json.WriteStartArray("options"u8);
        var walker = TcpOptionWalker.MptcpOptions(segment.Options);
        foreach (TcpOption option in walker)
        {
            MptcpJson.Write(json, option.Bytes);
        }

        json.WriteEndArray();
        if (segment.IsHeaderCut)
        {
            // The options after the cut are not in "options": say how much of the header there was.
            json.WriteStartObject("header_cut"u8);
            json.WriteNumber("captured"u8, segment.TcpHeader.Length);
            json.WriteNumber("header_length"u8, segment.HeaderLength);
            json.WriteEndObject();
        }

        if (!walker.Error.IsOk && !segment.IsCut(walker.Error))
        {
            // The options after the damage are not in "options": say where the block broke.
            WriteOptionBlockError(json, walker.Error);
        }
        if (dataLevel.Stream is int stream)
        {
            WriteDataLevel(json, stream, dataLevel, findings, reinjectionOf, reinjectedIn);
        }

        if (!checks.IsEmpty)
        {
            json.WriteStartArray("checks"u8);
            foreach (PacketCheck check in checks)
            {
                json.WriteStartObject();
                json.WriteString("kind"u8, Names.Of(check.Kind));
                json.WriteString("outcome"u8, Names.Of(check.Outcome));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary><c>"mptcp": {…}</c>: Wireshark's mptcp.* analysis fields without the prefix, absent where the capture cannot tell.</summary>
    private static void WriteDataLevel(Utf8JsonWriter json, int stream, in PacketDataLevel dataLevel, ReadOnlySpan<FindingKind> findings, ReadOnlySpan<long> reinjectionOf, ReadOnlySpan<long> reinjectedIn)
    {
        json.WriteStartObject("mptcp"u8);
        json.WriteNumber("stream"u8, stream);
        json.WriteBoolean("master"u8, dataLevel.Master ?? false);
        if (dataLevel.RelatedMapping is long mapping)
        {
            json.WriteNumber("related_mapping"u8, mapping);
        }

        if (dataLevel.RawDsn64 is ulong raw)
        {
            MptcpJson.WriteUInt64(json, "rawdsn64"u8, raw);
        }

        if (dataLevel.Dsn is ulong dsn)
        {
            MptcpJson.WriteUInt64(json, "dsn"u8, dsn);
        }

        if (dataLevel.Ack is ulong ack)
        {
            MptcpJson.WriteUInt64(json, "ack"u8, ack);
        }

        WriteFrames(json, "reinjection_of"u8, reinjectionOf);
        WriteFrames(json, "reinjected_in"u8, reinjectedIn);

        json.WriteStartArray("expert"u8);
        foreach (FindingKind finding in findings)
        {
            json.WriteStringValue(Names.Of(finding));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A list of frames (Wireshark gives these fields one value per frame), absent when empty.</summary>
    private static void WriteFrames(Utf8JsonWriter json, ReadOnlySpan<byte> name, ReadOnlySpan<long> frames)
    {
        if (frames.IsEmpty)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (long frame in frames)
        {
            json.WriteNumberValue(frame);
        }

        json.WriteEndArray();
    }
}
