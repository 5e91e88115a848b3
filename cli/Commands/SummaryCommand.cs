using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Output;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>summary FILE</c>: connections, subflows, data and verification counts.</summary>
internal static class SummaryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var input = new CaptureSource.Options();
        Option<string> format = Cli.FormatOption();
        var command = new Command("summary", "Summarise a capture's MPTCP connections and verify them; exit 1 if a check fails or an MPTCP option is invalid.\n" +
            "Example: mptcp-dump summary samples/captures/seed-echo.pcap --format json") { format };
        input.AddTo(command);
        command.SetAction(parse => Run(input.Open(parse, error), parse.GetValue(format) == "json", output, error));
        return command;
    }

    private static int Run(CaptureSource? source, bool json, TextWriter output, TextWriter error)
    {
        using (source)
        {
            return source is null ? Cli.BadUsage : Run(source.Reader, json, output, error);
        }
    }

    private static int Run(CaptureReader reader, bool json, TextWriter output, TextWriter error)
    {

        var progress = new CaptureFiles.ProgressObserver(error);
        AnalysisResult result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false }, ref progress);
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        if (json)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SummaryWriter.WriteJson(writer, result);
            }

            output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            SummaryWriter.WriteText(output, result);
        }

        return result.HasFindings ? Cli.Findings : Cli.Ok;
    }
}
