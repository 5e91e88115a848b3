using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Plot;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>plot FILE --connection N --kind sequence|throughput|rtt|owd [--pair OTHER] -o OUT.svg|png</c>: a picture of one connection.</summary>
internal static class PlotCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Argument<string>("FILE") { Description = "A pcap or pcapng capture (gzip or zstd too), or - for standard input." };
        var connection = new Option<int>("--connection") { Description = "The MPTCP connection, numbered as summary numbers them.", DefaultValueFactory = _ => 1 };
        var kind = new Option<string>("--kind") { Description = "sequence (the DSN of each segment over time, per subflow, reinjections marked, the DATA_ACK line), throughput (per subflow), rtt (per subflow) or owd (one-way delay per subflow and direction: needs --pair).", DefaultValueFactory = _ => "sequence" };
        kind.AcceptOnlyFromAmong("sequence", "throughput", "rtt", "owd");
        var pair = new Option<string>("--pair") { Description = "With --kind owd: the capture made at the other end of the same run (FILE is capture A, as in pair A B)." };
        var direction = new Option<string>("--direction") { Description = "Whose data: client (client to server) or server.", DefaultValueFactory = _ => "client" };
        direction.AcceptOnlyFromAmong("client", "server");
        var outputFile = new Option<string>("-o", "--output") { Description = "The picture: .svg or .png.", Required = true };
        var width = new Option<int>("--width") { DefaultValueFactory = _ => 1000 };
        var height = new Option<int>("--height") { DefaultValueFactory = _ => 600 };
        var command = new Command("plot", "Draw one MPTCP connection: its data-level sequence graph, per-subflow throughput or RTT over time.\n" +
            "Example: mptcp-dump plot samples/captures/v1-stall-reinject.pcap --kind sequence -o stall.svg") { file, connection, kind, pair, direction, outputFile, width, height };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(pair), parse.GetValue(connection), parse.GetValue(kind)!, parse.GetValue(direction) == "server" ? Side.Server : Side.Client,
            parse.GetValue(outputFile)!, parse.GetValue(width), parse.GetValue(height), output, error));
        return command;
    }

    /// <summary>
    /// The series of the plot of <paramref name="path"/> (<c>-</c>: standard input), or null (with one line) when the
    /// capture cannot be read or has no such connection; the reader's problems are reported as every command does.
    /// </summary>
    public static PlotSeries? Series(string path, int connection, string kind, Side sender, TextWriter error)
    {
        var collector = new PlotCollector(connection, sender);
        using CaptureReader? reader = CaptureFiles.Open(path, error);
        if (reader is null)
        {
            return null;
        }

        MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false, OnRttSample = collector.OnRtt }, ref collector);
        if (CaptureFiles.Unreadable(reader))
        {
            return null;
        }

        if (collector.Connection is not MptcpConnection c)
        {
            error.WriteLine($"mptcp-dump: {path}: no MPTCP connection {connection} (summary lists them)");
            return null;
        }

        string title = $"MPTCP connection {connection}: {c.Subflows[0].Initiator} > {c.Subflows[0].Listener}, {(sender == Side.Client ? "client to server" : "server to client")}";
        return kind switch
        {
            "throughput" => collector.Throughput(title),
            "rtt" => collector.Rtt(title),
            _ => collector.Sequence(title),
        };
    }

    /// <summary>The one-way delay plot of connection <paramref name="connection"/> of a pair, or null (with one line).</summary>
    public static PlotSeries? OwdSeries(string pathA, string pathB, int connection, TextWriter error)
    {
        if (PairCommand.Match(pathA, pathB, error) is not Capture.Pairing.PairResult result)
        {
            return null;
        }

        if (!result.Connections.Any(c => c.Connection == connection))
        {
            error.WriteLine($"mptcp-dump: {pathA} and {pathB}: no MPTCP connection {connection} seen at both ends (pair lists them)");
            return null;
        }

        return Plot.OwdSeries.Of(result, connection, $"MPTCP connection {connection}: one-way delay, {Path.GetFileName(pathA)} and {Path.GetFileName(pathB)}");
    }

    private static int Run(string path, string? pairPath, int connection, string kind, Side sender, string outputPath, int width, int height, TextWriter output, TextWriter error)
    {
        if (width is < 100 or > 10_000 || height is < 100 or > 10_000)
        {
            error.WriteLine("mptcp-dump: --width and --height are 100 to 10000 pixels");
            return Cli.BadUsage;
        }

        if ((kind == "owd") != (pairPath is not null))
        {
            error.WriteLine(kind == "owd" ? "mptcp-dump: --kind owd needs the other end's capture: --pair OTHER" : "mptcp-dump: --pair is for --kind owd");
            return Cli.BadUsage;
        }

        if ((kind == "owd" ? OwdSeries(path, pairPath!, connection, error) : Series(path, connection, kind, sender, error)) is not PlotSeries series)
        {
            return Cli.BadUsage;
        }

        try
        {
            PlotRenderer.Save(series, outputPath, width, height);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {outputPath}: cannot be written ({e.Message})");
            return Cli.BadUsage;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            // The portable tool package leaves out the native graphics libraries (one per platform, 150 MB in all).
            error.WriteLine($"mptcp-dump: plot: no graphics library for this platform ({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}): the tool package for linux-x64, linux-arm64, osx-arm64 or win-x64 has it");
            return Cli.CannotRun;
        }

        output.WriteLine($"{outputPath}: {kind}, {series.Lines.Count} series, {width}x{height}");
        return Cli.Ok;
    }
}
