using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;

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

        // Without --verify the listing needs no connection state at all.
        var options = new AnalysisOptions { TrackConnections = verify, KeepData = false };
        var printer = new Printer(json, output, error);
        AnalysisResult result = MptcpAnalysis.Analyze(reader, options, ref printer);
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        return verify && result.Verification.TotalFailed > 0 ? Cli.VerificationFailed : Cli.Ok;
    }

    /// <summary>Writes each packet as the analysis hands it over.</summary>
    private sealed class Printer(bool json, TextWriter output, TextWriter error) : IPacketObserver
    {
        private readonly TcpdumpLine _line = new();
        private readonly MemoryStream _jsonBuffer = new();
        private readonly char[] _marks = new char[256];
        private Utf8JsonWriter? _jsonWriter;

        public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
            CaptureFiles.Progress(frame.FrameNumber, error);
            if (!packet.IsTcp)
            {
                if (!json)
                {
                    output.WriteLine($"{frame.FrameNumber,5}  not TCP ({packet.Status})");
                }

                return;
            }

            if (json)
            {
                if (PacketJson.HasMptcp(packet.Segment))
                {
                    _jsonWriter ??= new Utf8JsonWriter(_jsonBuffer);
                    _jsonWriter.Reset();
                    _jsonBuffer.SetLength(0);
                    PacketJson.Write(_jsonWriter, frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, packet.Checks);
                    _jsonWriter.Flush();
                    _jsonBuffer.WriteByte((byte)'\n');
                    output.Flush();
                    WriteUtf8(output, _jsonBuffer);
                }

                return;
            }

            output.Write(_line.Format(frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, Marks(packet.Checks, _marks)));
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
}
