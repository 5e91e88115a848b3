using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>What one decoder made of one case's option block, in terms the other can be compared with.</summary>
/// <param name="Rejects">It called the block malformed.</param>
/// <param name="Text">Its decode, as text (tcpdump's options bracket; tshark's fields).</param>
/// <param name="Fields">Its decode as named values, where it has names (tshark), else empty.</param>
internal sealed record PeerView(bool Rejects, string Text, IReadOnlyList<(string Field, string Value)> Fields);

/// <summary>
/// Another MPTCP decoder installed on this machine, run over a capture of cases, and the SDK's own view of each case
/// in that decoder's terms.
/// </summary>
internal abstract class DiffPeer
{
    public abstract string Name { get; }

    /// <summary>The program's version line, for report.md.</summary>
    public abstract string Version();

    /// <summary>The peer's view of every frame of <paramref name="pcap"/>, by frame number.</summary>
    public abstract Dictionary<long, PeerView> Read(string pcap, TimeSpan limit);

    /// <summary>The SDK's view of a frame, in the peer's terms: what the SDK's own output of that kind says (its text, its JSON).</summary>
    public abstract PeerView Ours(in CapturedFrame frame, in TcpSegment segment);

    /// <summary>Where two views differ: null when they agree, else a short name of the first difference.</summary>
    public abstract string? Difference(PeerView ours, PeerView theirs);

    public static DiffPeer Of(string name) => name == "tshark" ? new TsharkPeer() : new TcpdumpPeer();

    /// <summary>Runs a program to its end within <paramref name="limit"/>, its standard output as lines; throws with its stderr otherwise.</summary>
    protected static List<string> Run(string file, IEnumerable<string> arguments, TimeSpan limit, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using Process process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lines.Add(e.Data);
            }
        };
        process.BeginOutputReadLine();
        string errors = process.StandardError.ReadToEndAsync().WaitAsync(limit).GetAwaiter().GetResult();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }

        process.WaitForExit();
        if (process.ExitCode > 128)
        {
            throw new InvalidOperationException($"{file} was killed by signal {process.ExitCode - 128} on one of the cases: {errors.Trim()}");
        }

        if (process.ExitCode != 0 && lines.Count == 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {errors.Trim()}");
        }

        return lines;
    }
}
