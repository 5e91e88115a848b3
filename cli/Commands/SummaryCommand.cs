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
        Option<string> format = Cli.FormatOption(parquet: true);
        var parquetFile = new Option<string>("-o", "--output") { Description = "With --format parquet: the Parquet file to write (one row per subflow)." };
        var command = new Command("summary", "Summarise a capture's MPTCP connections and verify them; exit 1 if a check fails or an MPTCP option is invalid.\n" +
            "Example: mptcp-dump summary samples/captures/seed-echo.pcap --format json") { format, parquetFile };
        input.AddTo(command, moreFiles: true);
        command.SetAction(parse =>
        {
            string mode = parse.GetValue(format) ?? "text";
            if (!Cli.ParquetFileAgrees(mode, parse.GetValue(parquetFile), error))
            {
                return Cli.BadUsage;
            }

            return Run(input.Open(parse, error), mode, parse.GetValue(parquetFile), output, error);
        });
        return command;
    }

    private static int Run(CaptureSource? source, string mode, string? parquetFile, TextWriter output, TextWriter error)
    {
        using (source)
        {
            return source is null ? Cli.BadUsage : Run(source.Reader, mode, parquetFile, output, error);
        }
    }

    private static int Run(CaptureReader reader, string mode, string? parquetFile, TextWriter output, TextWriter error)
    {

        var progress = new CaptureFiles.ProgressObserver(error);
        AnalysisResult result = MptcpAnalysis.Analyze(reader, new AnalysisOptions { KeepData = false }, ref progress);
        if (CaptureFiles.Unreadable(reader))
        {
            return Cli.BadUsage;
        }

        if (mode != "text")
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                SummaryWriter.WriteJson(writer, result);
            }

            if (parquetFile is not null)
            {
                try
                {
                    using FileStream file = File.Create(parquetFile);
                    Output.Parquet.SubflowParquet.Write(buffer.ToArray(), file);
                }
                catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
                {
                    error.WriteLine($"mptcp-dump: {parquetFile}: cannot be written ({e.Message})");
                    return Cli.BadUsage;
                }
            }
            else
            {
                output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }
        else
        {
            SummaryWriter.WriteText(output, result);
        }

        return result.HasFindings ? Cli.Findings : Cli.Ok;
    }
}
