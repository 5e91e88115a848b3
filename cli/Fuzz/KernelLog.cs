using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>
/// The kernel log (<c>dmesg</c>) as a campaign watches it: the lines already there when it began are not its own; a
/// new line with an alarm word is. When the log cannot be read (no dmesg, or not allowed), the campaign says so.
/// </summary>
internal sealed class KernelLog
{
    private readonly HashSet<string> _seen;

    public KernelLog()
    {
        List<string>? lines = Read();
        Status = lines is null ? "the kernel log could not be read (dmesg)" : "watched (dmesg): no WARNING, BUG or refcount line";
        _seen = lines is null ? [] : [.. lines];
        Readable = lines is not null;
    }

    public bool Readable { get; }

    public string Status { get; private set; }

    /// <summary>A line that was not in the log before and holds one of <paramref name="words"/>, or null.</summary>
    public string? NewAlarm(string[] words)
    {
        if (!Readable || Read() is not List<string> lines)
        {
            return null;
        }

        foreach (string line in lines.Where(l => _seen.Add(l)))
        {
            if (words.Any(w => line.Contains(w, StringComparison.Ordinal)))
            {
                Status = "stopped by the kernel log: " + line.Trim();
                return line.Trim();
            }
        }

        return null;
    }

    private static List<string>? Read()
    {
        try
        {
            var info = new ProcessStartInfo("dmesg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using Process process = Process.Start(info)!;
            string text = process.StandardOutput.ReadToEnd();
            process.WaitForExit(10_000);
            return process.ExitCode == 0 ? [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)] : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
