using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Cli.Output.Listing;
using Mptcp.Codec.Cli.Output.Parquet;
using Mptcp.Codec.Packets;

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
            string mode = parse.GetValue(format) ?? "text";
            if (!Cli.ParquetFileAgrees(mode, parse.GetValue(parquetFile), error, " (-w writes a capture)"))
            {
                return Cli.BadUsage;
            }

            // --connection and JSON's reinjected_in read a file once before the command's own pass. An input that can
            // be read only once is copied first; standard input is not, for JSON, so that lines still come as packets do.
            string? path = parse.GetValue(input.File);
            int? number = parse.GetValue(connection);
            bool twoPasses = path is not null && (number is not null || (mode != "text" && path != "-"));
            using SpooledInput? spooled = twoPasses ? SpooledInput.Of(path!, StandardInput.Open, error) : null;
            if (twoPasses && spooled is null)
            {
                return Cli.BadUsage;
            }

            HashSet<long>? subflows = null;
            if (number is int n && !ConnectionFilter.TryFind(spooled?.Path ?? "-", path ?? "-", n, error, out subflows))
            {
                return Cli.BadUsage;
            }

            Dictionary<long, List<long>>? reinjectedIn = mode != "text" && spooled is not null ? Reinjections.Find(spooled.Path) : null;
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
                using CaptureSource? source = input.Open(parse, error, spooled);
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
        AnalysisResult result;
        using (writer)
        {
            if (writer is not null)
            {
                var copier = new Copier(writer, subflows);
                result = MptcpAnalysis.Analyze(reader, options, ref copier);
                if (copier.Refused > 0)
                {
                    error.WriteLine($"mptcp-dump: {writePath}: {copier.Refused} frame(s) of another link type not written: a pcap file holds one link type; name the file .pcapng to keep them all");
                    return Cli.BadUsage;
                }
            }
            else
            {
                using var listing = new ListingPipeline(json, verify, Writer(output, parquet), parquet is null ? output.Flush : null);
                reader.OnIdle = listing.Idle;
                var printer = new Printer(json, listing, error, subflows, reinjectedIn);
                result = MptcpAnalysis.Analyze(reader, options, ref printer);
                listing.Complete();
            }
        }

        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        return verify && (result.Verification.TotalFailed > 0 || result.FindingCount > 0) ? Cli.Findings : Cli.Ok;
    }

    /// <summary>Where the listing's UTF-8 goes: standard output, a text writer (tests), or the Parquet file (one JSON object a line).</summary>
    private static Action<ReadOnlySpan<byte>> Writer(TextWriter output, PacketParquet? parquet) => (parquet, output) switch
    {
        ({ } file, _) => octets =>
        {
            for (int end; (end = octets.IndexOf((byte)'\n')) >= 0; octets = octets[(end + 1)..])
            {
                file.Add(octets[..end]);
            }
        },
        (_, StdoutWriter stdout) => stdout.WriteUtf8,
        _ => octets => output.Write(System.Text.Encoding.UTF8.GetString(octets)),
    };

    /// <summary>Copies each packet the analysis hands over into the listing, on the reading thread, in capture order.</summary>
    private sealed class Printer(bool json, ListingPipeline listing, TextWriter error, HashSet<long>? subflows, Dictionary<long, List<long>>? reinjectedIn) : IPacketObserver
    {
        private readonly RelativeSequence _relative = new();

        public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
            if (subflows is not null && (packet.Subflow is null || !subflows.Contains(packet.Subflow.FirstFrame)))
            {
                return;
            }

            CaptureFiles.Progress(frame.FrameNumber, error);
            if (!packet.IsTcp)
            {
                if (json)
                {
                    return;
                }

                if (packet.Status == PacketDecodeStatus.Truncated && PacketDecoder.TryDecodeCutTcp(frame.LinkType, frame.Data, out CutTcpHeader cut))
                {
                    listing.Current.AddCutTcp(frame.FrameNumber, frame.TimestampNanoseconds, cut); // tcpdump prints what there is
                }
                else
                {
                    listing.Current.AddNotTcp(frame.FrameNumber, packet.Status);
                    listing.Added();
                }

                return;
            }

            if (json && !PacketJson.HasMptcp(packet.Segment))
            {
                return;
            }

            // The relative numbers keep state per flow: taken here, in capture order, not where the line is formatted.
            (uint seq, uint ack) = json ? default : _relative.Of(packet.Segment);
            ReadOnlySpan<long> again = reinjectedIn is not null && reinjectedIn.TryGetValue(frame.FrameNumber, out List<long>? frames)
                ? System.Runtime.InteropServices.CollectionsMarshal.AsSpan(frames) : default;
            listing.Current.Add(frame, packet, seq, ack, again);
            listing.Added();
        }
    }

    /// <summary>With -w: each packet's frame, byte for byte, into the capture file.</summary>
    private sealed class Copier(CaptureWriter writer, HashSet<long>? subflows) : IPacketObserver
    {
        /// <summary>Frames the capture file could not take.</summary>
        public long Refused { get; private set; }

        public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
            if (subflows is null || (packet.Subflow is not null && subflows.Contains(packet.Subflow.FirstFrame)))
            {
                Refused += writer.TryWrite(frame) ? 0 : 1;
            }
        }
    }
}
