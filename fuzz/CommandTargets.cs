using System;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;

namespace Mptcp.Codec.Fuzz;

/// <summary>
/// The whole paths that the tool's commands take, for the fuzzer: what the codec targets do not reach (the analysis,
/// the writers, the command line) is where a malformed packet once could stop a command. A hang is AFL's to see
/// (its -t limit); an exception, an exit code outside 0/1/2 or a stack trace in the output is a crash here.
/// </summary>
internal static class CommandTargets
{
    private static readonly string Folder = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
    private static readonly string Input = Path.Combine(Folder, $"mptcp-fuzz-{Environment.ProcessId}.pcap");
    private static readonly string Parquet = Path.Combine(Folder, $"mptcp-fuzz-{Environment.ProcessId}.parquet");
    private static readonly string Svg = Path.Combine(Folder, $"mptcp-fuzz-{Environment.ProcessId}.svg");

    /// <summary>
    /// Capture octets (plain, gzip or zstd: the content decides) → reader → analysis with every check → each packet as
    /// a tcpdump line and a JSON object → the summary in text, JSON and Parquet.
    /// </summary>
    public static void Pipeline(ReadOnlySpan<byte> input)
    {
        using var reader = new CaptureReader(new MemoryStream(input.ToArray(), writable: false));
        var observer = new Writers();
        AnalysisResult result = MptcpAnalysis.Analyze(reader, AnalysisOptions.Default, ref observer);
        SummaryWriter.WriteText(TextWriter.Null, result);
        using var summary = new MemoryStream();
        using (var json = new Utf8JsonWriter(summary))
        {
            SummaryWriter.WriteJson(json, result);
        }

        using var parquet = new MemoryStream();
        Cli.Output.Parquet.SubflowParquet.Write(summary.ToArray(), parquet);
    }

    /// <summary>The command line on arbitrary file contents: every capture command on the input, as a file.</summary>
    public static void Commands(ReadOnlySpan<byte> input)
    {
        File.WriteAllBytes(Input, input.ToArray());
        Run("read", Input);
        Run("read", Input, "--verify");
        Run("read", Input, "--format", "json");
        Run("summary", Input);
        Run("summary", Input, "--format", "json");
        Run("stats", Input);
        Run("read", Input, "--format", "parquet", "-o", Parquet);
        Run("plot", Input, "-o", Svg);
    }

    private static void Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Cli.Run(args, output, error);
        string said = error.ToString();
        if (exit is < 0 or > 2 || said.Contains("Unhandled exception", StringComparison.Ordinal) || said.Contains("\n   at ", StringComparison.Ordinal))
        {
            throw new InvariantException($"mptcp-dump {string.Join(' ', args)}: exit {exit}: {said}");
        }
    }

    /// <summary>Formats each packet as read and read --format json do.</summary>
    private struct Writers() : IPacketObserver
    {
        private readonly TcpdumpLine _line = new();
        private readonly MemoryStream _json = new();

        public readonly void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
        {
            if (!packet.IsTcp)
            {
                return;
            }

            _line.Format(frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment);
            _json.SetLength(0);
            using var json = new Utf8JsonWriter(_json);
            PacketJson.Write(json, frame.FrameNumber, frame.TimestampNanoseconds, packet.Segment, packet.Checks, packet.DataLevel, packet.Findings, packet.ReinjectionOf, default);
            json.Flush();
        }
    }
}
