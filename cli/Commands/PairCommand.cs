using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Pairing;
using Mptcp.Codec.Cli.Output;

namespace Mptcp.Codec.Cli.Commands;

/// <summary><c>pair A B</c>: two captures of one run, one at each end: one-way delays, losses between them, reinjections judged.</summary>
internal static class PairCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var first = new Argument<string>("A") { Description = "The capture made at one end (pcap or pcapng, gzip or zstd too)." };
        var second = new Argument<string>("B") { Description = "The capture made at the other end of the same run." };
        Option<string> format = Cli.FormatOption(parquet: true);
        var outputFile = new Option<string>("-o", "--output") { Description = "With --format parquet: the Parquet file to write (one row per segment)." };
        var command = new Command("pair", "Match two captures of one run, one at each end: each segment's one-way delay, what was lost between them, per subflow\n" +
            "and per connection, whether the clocks agree, and whether each reinjection was useful or redundant.\n" +
            "Example: mptcp-dump pair client.pcap server.pcap") { first, second, format, outputFile };
        command.SetAction(parse =>
        {
            string mode = parse.GetValue(format) ?? "text";
            string? parquet = parse.GetValue(outputFile);
            if (!Cli.ParquetFileAgrees(mode, parquet, error))
            {
                return Cli.BadUsage;
            }

            return Run(parse.GetValue(first)!, parse.GetValue(second)!, mode, parquet, output, error);
        });
        return command;
    }

    /// <summary>Reads and matches both captures, or writes one line and returns null when either cannot be read.</summary>
    public static PairResult? Match(string pathA, string pathB, TextWriter error)
    {
        if (pathA == "-" || pathB == "-")
        {
            error.WriteLine("mptcp-dump: pair reads two files; standard input (-) is not one of them");
            return null;
        }

        using CaptureReader? a = CaptureFiles.Open(pathA, error);
        using CaptureReader? b = a is null ? null : CaptureFiles.Open(pathB, error);
        if (a is null || b is null)
        {
            return null;
        }

        PairResult result = CapturePair.Match(a, b);
        return CaptureFiles.Unreadable(a) || CaptureFiles.Unreadable(b) ? null : result;
    }

    private static int Run(string pathA, string pathB, string mode, string? parquetFile, TextWriter output, TextWriter error)
    {
        if (Match(pathA, pathB, error) is not PairResult pair)
        {
            return Cli.BadUsage;
        }

        if (mode == "text")
        {
            PairWriter.WriteText(output, pair, pathA, pathB);
            return Cli.Ok;
        }

        var lines = new List<byte[]>();
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            PairWriter.WriteJson(json, pair, () =>
            {
                json.Flush();
                if (parquetFile is null)
                {
                    output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
                }
                else
                {
                    lines.Add(buffer.ToArray());
                }

                buffer.SetLength(0);
                json.Reset(buffer);
            });
        }

        if (parquetFile is not null)
        {
            try
            {
                using FileStream file = File.Create(parquetFile);
                Output.Parquet.PairParquet.Write(lines, file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"mptcp-dump: {parquetFile}: cannot be written ({e.Message})");
                return Cli.BadUsage;
            }
        }

        return Cli.Ok;
    }
}
