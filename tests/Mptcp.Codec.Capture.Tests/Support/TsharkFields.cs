using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Mptcp.Codec.Capture.Tests.Support;

/// <summary>Runs <c>tshark -r FILE -T fields</c> (installed by test.sh) and returns its rows, one per frame.</summary>
internal static class TsharkFields
{
    /// <summary>Each frame's fields, every occurrence of each (tshark's "a" occurrence, comma-separated) split into an array.</summary>
    public static List<string[][]> Read(string path, params string[] fields)
    {
        var start = new ProcessStartInfo("tshark") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])["-n", "-r", path, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=,"])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string field in fields)
        {
            start.ArgumentList.Add("-e");
            start.ArgumentList.Add(field);
        }

        using Process tshark = Process.Start(start) ?? throw new InvalidOperationException("tshark did not start (test.sh installs it)");
        string output = tshark.StandardOutput.ReadToEnd();
        string errors = tshark.StandardError.ReadToEnd();
        tshark.WaitForExit();
        Assert.True(tshark.ExitCode == 0, $"tshark -r {path}: exit {tshark.ExitCode}: {errors}");
        var rows = new List<string[][]>();
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] columns = line.Split('\t');
            rows.Add(Array.ConvertAll(columns, c => c.Length == 0 ? [] : c.Split(',')));
        }

        return rows;
    }
}
