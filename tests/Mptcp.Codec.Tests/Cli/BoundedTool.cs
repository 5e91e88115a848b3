using System;
using System.Linq;
using System.Threading;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// Runs mptcp-dump in this process with a time limit that fails the caller instead of hanging the suite, and judges
/// what a command may print about bad input: an exit code of 0, 1 or 2, no stack trace, and for exit 2 one line in
/// words.
/// </summary>
internal static class BoundedTool
{
    /// <summary>The command's result, or null when it had not finished after <paramref name="limit"/>.</summary>
    public static (int Exit, string Output, string Error)? Run(TimeSpan limit, params string[] args)
    {
        (int, string, string)? result = null;
        Exception? thrown = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = Tool.Run(args);
            }
            catch (Exception e)
            {
                thrown = e;
            }
        })
        { IsBackground = true, Name = "mptcp-dump " + string.Join(' ', args) };
        thread.Start();
        if (!thread.Join(limit))
        {
            return null; // left spinning in the background: the test that asked fails and names the input
        }

        return thrown is null ? result : (-1, "", "exception escaped Cli.Run: " + thrown);
    }

    /// <summary>What is wrong with a finished run, or null when it behaved.</summary>
    public static string? Misbehaviour((int Exit, string Output, string Error) run)
    {
        if (run.Exit is < 0 or > 2)
        {
            return $"exit code {run.Exit}";
        }

        foreach (string text in new[] { run.Error, run.Output })
        {
            if (text.Contains("Unhandled exception", StringComparison.Ordinal) || text.Contains("\n   at ", StringComparison.Ordinal)
                || text.Contains("Exception:", StringComparison.Ordinal))
            {
                return "a stack trace or exception text: " + text[..Math.Min(text.Length, 400)];
            }
        }

        string[] lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Any(line => !line.StartsWith("mptcp-dump: ", StringComparison.Ordinal) || !line.Any(char.IsLetter)) || lines.Distinct().Count() != lines.Length)
        {
            return $"stderr is not lines in words of mptcp-dump's, each once: {run.Error[..Math.Min(run.Error.Length, 400)]}";
        }

        // Exit 2: one line says why; any others are the reader's reports of where the file is damaged, made as it
        // read (a plot of a connection that a cut file does not reach, say).
        string[] reasons = lines.Where(line => !System.Text.RegularExpressions.Regex.IsMatch(line, @": offset \d+, frame \d+: ")).ToArray();
        if (run.Exit == 2 && reasons.Length != 1)
        {
            return $"exit 2 with {reasons.Length} lines that say why, not one: {run.Error[..Math.Min(run.Error.Length, 400)]}";
        }

        return null;
    }
}
