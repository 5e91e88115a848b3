using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Capture.Output;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>read FILE</c>: one line per packet, tcpdump's layout or JSON Lines, optionally with inline checks.</summary>
internal static class ReadCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        Argument<string> file = CaptureFiles.FileArgument();
        Option<string> format = Cli.FormatOption();
        var verify = new Option<bool>("--verify") { Description = "Check tokens, HMACs, DSS checksums and IDSNs and mark each inline; exit 1 if any fails." };
        var command = new Command("read", "Print a capture's packets with their MPTCP options.\n" +
            "Example: mptcp-dump read samples/captures/seed-echo.pcap --verify") { file, format, verify };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format) == "json", parse.GetValue(verify), output, error));
        return command;
    }

    private static int Run(string path, bool json, bool verify, TextWriter output, TextWriter error)
    {
        using CaptureReader? reader = CaptureFiles.Open(path, error);
        if (reader is null)
        {
            return Cli.BadUsage;
        }

        var analyzer = verify ? new MptcpAnalyzer() : null;
        var line = new TcpdumpLine();
        using var jsonBuffer = new MemoryStream();
        using var jsonWriter = new Utf8JsonWriter(jsonBuffer);
        Span<char> marks = stackalloc char[256];
        while (reader.TryReadNext(out CapturedFrame frame))
        {
            CaptureFiles.Progress(frame.FrameNumber, error);
            if (!PacketDecoder.TryDecodeTcp(frame.LinkType, frame.Data, out TcpSegment segment, out PacketDecodeStatus status))
            {
                if (!json)
                {
                    output.WriteLine($"{frame.FrameNumber,5}  not TCP ({status})");
                }

                continue;
            }

            analyzer?.Process(frame.FrameNumber, segment);
            ReadOnlySpan<PacketCheck> checks = analyzer is null ? default : System.Runtime.InteropServices.CollectionsMarshal.AsSpan((System.Collections.Generic.List<PacketCheck>)analyzer.LastChecks);
            if (json)
            {
                if (PacketJson.HasMptcp(segment))
                {
                    jsonWriter.Reset();
                    jsonBuffer.SetLength(0);
                    PacketJson.Write(jsonWriter, frame.FrameNumber, frame.TimestampNanoseconds, segment, checks);
                    jsonWriter.Flush();
                    jsonBuffer.WriteByte((byte)'\n');
                    output.Flush();
                    WriteUtf8(output, jsonBuffer);
                }

                continue;
            }

            output.Write(line.Format(frame.FrameNumber, frame.TimestampNanoseconds, segment, Marks(checks, marks)));
        }

        analyzer?.Complete();
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        return analyzer is not null && analyzer.Totals().TotalFailed > 0 ? Cli.VerificationFailed : Cli.Ok;
    }

    private static ReadOnlySpan<char> Marks(ReadOnlySpan<PacketCheck> checks, Span<char> buffer)
    {
        int n = 0;
        foreach (PacketCheck check in checks)
        {
            buffer[n..].TryWrite(System.Globalization.CultureInfo.InvariantCulture, $" [{Names.Of(check.Kind)} {Names.Of(check.Outcome)}]", out int written);
            n += written;
        }

        return buffer[..n];
    }

    private static void WriteUtf8(TextWriter output, MemoryStream buffer)
    {
        if (output is StreamWriter { BaseStream: Stream stream })
        {
            buffer.Position = 0;
            buffer.CopyTo(stream);
            return;
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
