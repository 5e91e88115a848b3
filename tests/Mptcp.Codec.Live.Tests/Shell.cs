using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace Mptcp.Codec.Live.Tests;

/// <summary>Runs short external commands (ip, sysctl, tshark) and sends POSIX signals.</summary>
internal static class Shell
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Runs <paramref name="file"/> to its end; throws with its output when it fails or times out.</summary>
    public static string Run(string file, IEnumerable<string> args, int timeoutMs = 30_000, bool check = true) =>
        RunFull(file, args, timeoutMs, check).Stdout;

    /// <summary>A start description with every stream redirected and the arguments passed one by one.</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return start;
    }

    public static (int ExitCode, string Stdout, string Stderr) RunFull(string file, IEnumerable<string> args, int timeoutMs = 30_000, bool check = true)
    {
        ProcessStartInfo start = StartInfo(file, args);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{Describe(file, args)} did not finish in {timeoutMs} ms");
        }

        process.WaitForExit();
        string output = stdout.Result;
        string errors = stderr.Result;
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Describe(file, args)} exited with {process.ExitCode}: {errors.Trim()} {output.Trim()}");
        }

        return (process.ExitCode, output, errors);
    }

    public static string Describe(string file, IEnumerable<string> args) =>
        string.Join(' ', new[] { file }.Concat(args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a)));

    /// <summary>Finds <paramref name="name"/> on PATH (and in the sbin folders, which sudo's PATH may lack).</summary>
    public static string? Which(string name)
    {
        IEnumerable<string> dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin", "/usr/bin", "/bin"]);
        return dirs.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>kill(2): true when the signal was sent.</summary>
    public static bool Signal(int pid, int signal) => NativeMethods.kill(pid, signal) == 0;

    public static bool IsRoot => NativeMethods.geteuid() == 0;

    public static string Tail(string text, int lines = 30)
    {
        string[] all = text.Split('\n');
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }

    public static string Join(IEnumerable<string> lines)
    {
        var sb = new StringBuilder();
        foreach (string line in lines)
        {
            sb.Append("  ").AppendLine(line);
        }

        return sb.ToString();
    }

    private static class NativeMethods
    {
#pragma warning disable SA1300, IDE1006, CA5392 // libc names
        [DllImport("libc", SetLastError = true)]
        public static extern int kill(int pid, int sig);

        [DllImport("libc")]
        public static extern uint geteuid();
#pragma warning restore SA1300, IDE1006, CA5392
    }
}
