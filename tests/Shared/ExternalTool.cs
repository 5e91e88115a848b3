using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Mptcp.Codec.Tests.Support;

/// <summary>Runs a peer's tool (tshark, editcap, mergecap, tcpdump, python3: test.sh installs them) and returns what it printed.</summary>
internal static class ExternalTool
{
    /// <summary>Runs <paramref name="tool"/> to its end, with <paramref name="environment"/> added to its own; fails the test if it does not exit 0.</summary>
    public static string Run(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(tool, arguments, environment, [0]);

    /// <summary>Runs <paramref name="tool"/> to its end; fails the test unless its exit status is one of <paramref name="exits"/>.</summary>
    public static string Run(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, int[] exits)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start (test.sh installs it)");
        System.Threading.Tasks.Task<string> errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(Array.IndexOf(exits, process.ExitCode) >= 0, $"{tool} {string.Join(' ', arguments)}: exit {process.ExitCode}: {errors.Result}");
        return output;
    }

    /// <summary>Its lines, empty ones dropped.</summary>
    public static string[] Lines(string tool, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        Run(tool, arguments, environment).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
