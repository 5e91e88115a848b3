using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// A long-running process inside a namespace (a peer or tcpdump), started by <see cref="LiveNamespace"/>, whose
/// stdout and stderr lines are collected as they come so that a test can wait for one.
/// </summary>
internal sealed class LiveProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly object _gate = new();
    private bool _stdoutClosed;
    private bool _stderrClosed;

    public LiveProcess(string name, string file, IEnumerable<string> args)
    {
        Name = name;
        CommandLine = Shell.Describe(file, args);
        _process = new Process { StartInfo = Shell.StartInfo(file, args) };
        _process.OutputDataReceived += (_, e) => Add(_stdout, e.Data, ref _stdoutClosed);
        _process.ErrorDataReceived += (_, e) => Add(_stderr, e.Data, ref _stderrClosed);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string CommandLine { get; }

    /// <summary>The process id (ip netns exec execs the command, so this is the peer's or tcpdump's own pid).</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public IReadOnlyList<string> Stdout
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToArray();
            }
        }
    }

    public IReadOnlyList<string> Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToArray();
            }
        }
    }

    /// <summary>Waits for a stdout (or stderr) line starting with <paramref name="prefix"/>; returns it.</summary>
    public string WaitForLine(string prefix, int timeoutMs, bool stderr = false)
    {
        var clock = Stopwatch.StartNew();
        lock (_gate)
        {
            while (true)
            {
                List<string> lines = stderr ? _stderr : _stdout;
                string? hit = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                if (hit is not null)
                {
                    return hit;
                }

                bool closed = stderr ? _stderrClosed : _stdoutClosed;
                int left = timeoutMs - (int)clock.ElapsedMilliseconds;
                if (closed || left <= 0)
                {
                    throw new InvalidOperationException(
                        $"{Name}: no line starting with '{prefix}' {(closed ? "before it ended" : $"within {timeoutMs} ms")}\n{Transcript()}");
                }

                System.Threading.Monitor.Wait(_gate, Math.Min(left, 100));
            }
        }
    }

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    /// <summary>Waits for the process to end; false on timeout.</summary>
    public bool WaitForExit(int timeoutMs)
    {
        if (!_process.WaitForExit(timeoutMs))
        {
            return false;
        }

        _process.WaitForExit(); // drains the asynchronous readers
        return true;
    }

    /// <summary>Sends <paramref name="signal"/> and waits up to <paramref name="timeoutMs"/> for the end.</summary>
    public bool Stop(int signal, int timeoutMs) => _process.HasExited || (Shell.Signal(_process.Id, signal) && WaitForExit(timeoutMs)) || _process.HasExited;

    public string Transcript()
    {
        lock (_gate)
        {
            return $"--- {Name}: {CommandLine}\n--- stdout:\n{Shell.Join(_stdout)}--- stderr:\n{Shell.Join(_stderr)}";
        }
    }

    /// <summary>Kills the process if it still runs (never anything else).</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line, ref bool closed)
    {
        lock (_gate)
        {
            if (line is null)
            {
                closed = true;
            }
            else
            {
                lines.Add(line);
            }

            System.Threading.Monitor.PulseAll(_gate);
        }
    }
}
