using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Capture.Pairing;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Cli.Report;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>report CAPTURE… -o report.html [--pair OTHER]</c>: one self-contained HTML file to share.</summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = new Argument<string[]>("CAPTURE") { Description = "The capture (pcap or pcapng, gzip or zstd too); several files are read as one trace, as summary reads them.", Arity = ArgumentArity.OneOrMore };
        var outputFile = new Option<string>("-o", "--output") { Description = "The report: one HTML file with its style, data and script inside.", Required = true };
        var pair = new Option<string>("--pair") { Description = "The capture made at the other end of the same run (CAPTURE is then capture A of pair A B): adds the one-way delays, losses and reinjection verdicts." };
        var command = new Command("report", "Write a report to share: connections, subflows and their metrics, the verification and its findings, and per\n" +
            "connection the sequence, throughput and RTT charts (and one-way delay with --pair), zoomable, with frame numbers on\n" +
            "hover; the numbers of summary --format json. It opens offline and as an e-mail attachment.\n" +
            "Example: mptcp-dump report samples/captures/v1-stall-reinject.pcap -o report.html") { files, outputFile, pair };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(pair), parse.GetValue(outputFile)!, output, error));
        return command;
    }

    private static int Run(string[] paths, string? pairPath, string outputPath, TextWriter output, TextWriter error)
    {
        if (pairPath is not null && paths.Length != 1)
        {
            error.WriteLine("mptcp-dump: with --pair, give one capture: the pair is that capture (A) and the --pair one (B)");
            return Cli.BadUsage;
        }

        using CaptureReader? reader = paths.Length == 1 ? CaptureFiles.Open(paths[0], error) : CaptureFiles.Open(paths, error);
        if (reader is null)
        {
            return Cli.BadUsage;
        }

        var plots = new ReportCollector(error);
        AnalysisResult result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false, OnRttSample = plots.OnRtt }, ref plots);
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        PairResult? pairResult = null;
        if (pairPath is not null && (pairResult = PairCommand.Match(paths[0], pairPath, error)) is null)
        {
            return Cli.BadUsage;
        }

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            SummaryWriter.WriteJson(writer, result);
        }

        try
        {
            using var file = new StreamWriter(outputPath, append: false, new System.Text.UTF8Encoding(false));
            ReportWriter.Write(file, new ReportContent(paths, json.ToArray(), plots, pairResult, pairPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"mptcp-dump: {outputPath}: cannot be written ({e.Message})");
            return Cli.BadUsage;
        }

        output.WriteLine($"{outputPath}: {result.Connections.Count} connection(s){(pairResult is null ? string.Empty : ", paired")}; open it in a browser");
        return result.HasFindings ? Cli.Findings : Cli.Ok;
    }
}
