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

    /// <summary>Exit code: verification failures were found.</summary>
    public const int VerificationFailed = 1;

    /// <summary>Exit code: bad usage or unreadable input.</summary>
    public const int BadUsage = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("mptcp-dump: read, verify, decode, craft and synthesise MPTCP options and captures (RFC 6824, RFC 8684).");
        foreach (Command command in new[] { ReadCommand.Create(output, error), SummaryCommand.Create(output, error), DecodeCommand.Create(output, error), CraftCommand.Create(output, error), StatsCommand.Create(output, error), SynthCommand.Create(output, error) })
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

    /// <summary>The shared <c>--format text|json</c> option.</summary>
    public static Option<string> FormatOption()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output format: text (tcpdump's layout) or json (JSON Lines, Wireshark's field names).",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }

    /// <summary>Parses hex with optional spaces and 0x prefix.</summary>
    public static bool TryParseHex(string text, out byte[] bytes)
    {
        string compact = text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace(":", string.Empty, StringComparison.Ordinal);
        if (compact.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            compact = compact[2..];
        }

        try
        {
            bytes = Convert.FromHexString(compact);
            return bytes.Length > 0;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }
}
