using System;
using System.CommandLine;
using System.IO;
using Mptcp.Codec.Cli.Commands;

namespace Mptcp.Codec.Cli;

/// <summary>The <c>mptcp-dump</c> command line: builds the commands and maps failures to exit codes.</summary>
internal static class Cli
{
    /// <summary>Exit code: done.</summary>
    public const int Ok = 0;

    /// <summary>
    /// Exit code: the input was read and something in it is wrong: a failed check, a finding of the analysis, an option
    /// that does not decode.
    /// </summary>
    public const int Findings = 1;

    /// <summary>Exit code: the command could not do its work: bad usage, or input that cannot be read at all (no such file, empty, not a capture, not hex).</summary>
    public const int BadUsage = 2;

    /// <summary>Exit code: the command cannot run on this machine as it is (not root, no TUN device, no MPTCP in the kernel): nothing was tried.</summary>
    public const int CannotRun = 3;

    /// <summary>Exit code: the output was closed before the end (<c>| head -1</c>); the rest was not read. tcpdump's status for it.</summary>
    public const int OutputClosed = 14;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("mptcp-dump: read, verify, decode, craft and synthesise MPTCP options and captures (RFC 6824, RFC 8684).");
        foreach (Command command in new[] { ReadCommand.Create(output, error), SummaryCommand.Create(output, error), DecodeCommand.Create(output, error), CraftCommand.Create(output, error), StatsCommand.Create(output, error), SynthCommand.Create(output, error), PeerCommand.Create(output, error), PacketdrillCommand.Create(output, error), PlotCommand.Create(output, error), PairCommand.Create(output, error), ReportCommand.Create(output, error), FuzzCommand.Create(output, error) })
        {
            root.Subcommands.Add(command);
        }

        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError problem in parsed.Errors)
            {
                error.WriteLine("mptcp-dump: " + problem.Message);
            }

            return BadUsage;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>
    /// False, with one line, unless <c>-o FILE</c> is given exactly when the format is parquet (the one format written
    /// to a file); <paramref name="hint"/> ends the line about a stray <c>-o</c>.
    /// </summary>
    public static bool ParquetFileAgrees(string mode, string? file, TextWriter error, string hint = "")
    {
        if ((mode == "parquet") == (file is not null))
        {
            return true;
        }

        error.WriteLine(mode == "parquet" ? "mptcp-dump: --format parquet writes to a file: give it with -o FILE" : "mptcp-dump: -o FILE is for --format parquet" + hint);
        return false;
    }

    /// <summary>The shared <c>--format text|json</c> option (and <c>parquet</c> where a command writes it).</summary>
    public static Option<string> FormatOption(bool parquet = false)
    {
        var option = new Option<string>("--format")
        {
            Description = parquet
                ? "Output format: text (tcpdump's layout), json (JSON Lines, Wireshark's field names) or parquet (the JSON's values in typed columns, to -o FILE; docs/parquet.md)."
                : "Output format: text (tcpdump's layout) or json (JSON Lines, Wireshark's field names).",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong(parquet ? ["text", "json", "parquet"] : ["text", "json"]);
        return option;
    }
}
