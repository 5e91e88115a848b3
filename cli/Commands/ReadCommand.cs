using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Cli.Output.Parquet;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>read FILE</c>: one line per packet, tcpdump's layout or JSON Lines, optionally with inline checks.</summary>
internal static class ReadCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new CaptureSource.Options();
        Option<string> format = Cli.FormatOption(parquet: true);
        var parquetFile = new Option<string>("-o", "--output") { Description = "With --format parquet: the Parquet file to write." };
        var verify = new Option<bool>("--verify") { Description = "Check tokens, HMACs, DSS checksums and IDSNs and mark each inline; exit 1 if any fails." };
        var write = new Option<string>("-w") { Description = "Write the frames read (or those of --connection) to this capture file, byte for byte, instead of printing them: pcapng if the name ends in .pcapng, classic pcap otherwise." };
        var connection = new Option<int?>("--connection") { Description = "Only the subflows of MPTCP connection N, numbered as summary numbers them (the capture is read twice)." };
        var command = new Command("read", "Print a capture's packets with their MPTCP options.\n" +
            "Example: mptcp-dump read samples/captures/seed-echo.pcap --verify") { format, verify, write, connection, parquetFile };
        input.AddTo(command);
        command.SetAction(parse =>
        {
            // --connection reads the file once before the command's own pass.
            HashSet<long>? subflows = null;
            if (parse.GetValue(connection) is int number &&
                !ConnectionFilter.TryFind(parse.GetValue(input.File) ?? "-", number, error, out subflows))
            {
                return Cli.BadUsage;
            }

            string mode = parse.GetValue(format) ?? "text";
            if ((mode == "parquet") != (parse.GetValue(parquetFile) is not null))
            {
                error.WriteLine(mode == "parquet" ? "mptcp-dump: --format parquet writes to a file: give it with -o FILE" : "mptcp-dump: -o FILE is for --format parquet (-w writes a capture)");
                return Cli.BadUsage;
            }

            // JSON's reinjected_in needs the frames after: a first pass over a file finds every reinjection.
            Dictionary<long, List<long>>? reinjectedIn = mode != "text" && parse.GetValue(input.File) is string file && file != "-"
                ? Reinjections.Find(file) : null;
            PacketParquet? parquet;
            try
            {
                parquet = mode == "parquet" ? new PacketParquet(File.Create(parse.GetValue(parquetFile)!)) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mptcp-dump: {parse.GetValue(parquetFile)}: cannot be written ({e.Message})");
                return Cli.BadUsage;
            }

            using (parquet)
            {
                using CaptureSource? source = input.Open(parse, error);
                return source is null ? Cli.BadUsage
                    : Run(source.Reader, mode != "text", parquet, parse.GetValue(verify), parse.GetValue(write), subflows, reinjectedIn, output, error);
            }
        });
        return command;
    }

    private static int Run(CaptureReader reader, bool json, PacketParquet? parquet, bool verify, string? writePath, HashSet<long>? subflows, Dictionary<long, List<long>>? reinjectedIn, TextWriter output, TextWriter error)
    {

        CaptureWriter? writer = null;
        try
        {
            writer = writePath is null ? null : CaptureWriter.Create(writePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {writePath}: cannot be written ({e.Message})");
            return Cli.BadUsage;
        }

        // The text listing without --verify or --connection needs no connection state at all; JSON has the data-level
        // fields (its "mptcp" object), which need the analysis.
        var options = new AnalysisOptions { TrackConnections = verify || json || subflows is not null, Verify = verify || json, KeepData = false };
        var printer = new Printer(json, parquet, verify, output, error, writer, subflows, reinjectedIn);
        AnalysisResult result;
        using (writer)
        {
            result = MptcpAnalysis.Analyze(reader, options, ref printer);
        }

        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        if (printer.Refused > 0)
        {
            error.WriteLine($"mptcp-dump: {writePath}: {printer.Refused} frame(s) of another link type not written: a pcap file holds one link type; name the file .pcapng to keep them all");
            return Cli.BadUsage;
        }

        return verify && (result.Verification.TotalFailed > 0 || result.FindingCount > 0) ? Cli.Findings : Cli.Ok;
    }

    /// <summary>Writes each packet as the analysis hands it over: printed, or into a capture file.</summary>
    private sealed class Printer(bool json, PacketParquet? parquet, bool verify, TextWriter output, TextWriter error, CaptureWriter? writer, HashSet<long>? subflows, Dictionary<long, List<long>>? reinjectedIn) : IPacketObserver
    {
        private readonly TcpdumpLine _line = new();
        private readonly MemoryStream _jsonBuffer = new();
        private readonly char[] _marks = new char[2048]; // room for every check and finding of 40 options
        private Utf8JsonWriter? _jsonWriter;

        /// <summary>Frames the capture file could not take.</summary>
        public long Refused { get; private set; }

        public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
            if (subflows is not null && (packet.Subflow is null || !subflows.Contains(packet.Subflow.FirstFrame)))
            {
                return;
            }

            if (writer is not null)
            {
                Refused += writer.TryWrite(frame) ? 0 : 1;
                return;
            }

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
                    PacketJson.Write(_jsonWriter, frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, verify ? packet.Checks : default, packet.DataLevel, packet.Findings, packet.ReinjectionOf,
                        reinjectedIn is not null && reinjectedIn.TryGetValue(frame.FrameNumber, out List<long>? again) ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(again) : default);
                    _jsonWriter.Flush();
                    if (parquet is not null)
                    {
                        parquet.Add(_jsonBuffer.GetBuffer().AsSpan(0, (int)_jsonBuffer.Length));
                        return;
                    }

                    _jsonBuffer.WriteByte((byte)'\n');
                    WriteUtf8(output, _jsonBuffer);
                }

                return;
            }

            output.Write(_line.Format(frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, Marks(packet.Checks, packet.Findings, _marks)));
        }

        private static ReadOnlySpan<char> Marks(ReadOnlySpan<PacketCheck> checks, ReadOnlySpan<FindingKind> findings, Span<char> buffer)
        {
            int n = 0;
            foreach (PacketCheck check in checks)
            {
                buffer[n..].TryWrite(System.Globalization.CultureInfo.InvariantCulture, $" [{Names.Of(check.Kind)} {Names.Of(check.Outcome)}]", out int written);
                n += written;
            }

            foreach (FindingKind finding in findings)
            {
                buffer[n..].TryWrite(System.Globalization.CultureInfo.InvariantCulture, $" [finding {Names.Of(finding)}]", out int written);
                n += written;
            }

            return buffer[..n];
        }

        private static void WriteUtf8(TextWriter output, MemoryStream buffer)
        {
            if (output is StdoutWriter stdout)
            {
                stdout.WriteUtf8(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                return;
            }

            if (output is StreamWriter { BaseStream: Stream stream })
            {
                output.Flush();
                buffer.Position = 0;
                buffer.CopyTo(stream);
                return;
            }

            output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }
}
