using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// A throw-away network namespace with only the loopback interface (127.0.0.1/8 and ::1, plus 127.0.0.2/8 …
/// 127.0.0.4/8 on lo), MPTCP on, the path manager's limits raised, tcpdump capturing lo, and the peers that a
/// scenario runs. No packet ever leaves it. <see cref="Dispose"/> always kills what was started in it and
/// deletes it, whether the test passed or not.
/// </summary>
internal sealed partial class LiveNamespace : IDisposable
{
    private static int s_sequence;

    private readonly List<LiveProcess> _processes = [];
    private LiveProcess? _tcpdump;
    private bool _created;

    /// <param name="scenario">A short name, used in the namespace's and the work folder's names.</param>
    /// <param name="checksums">net.mptcp.checksum_enabled.</param>
    /// <param name="sysctls">More sysctls for this namespace (e.g. net.ipv4.tcp_timestamps=0).</param>
    public LiveNamespace(string scenario, bool checksums, params string[] sysctls)
    {
        LiveEnvironment.SkipUnlessMptcp();
        Scenario = scenario;
        Checksums = checksums;
        Name = $"mptcp-live-{Environment.ProcessId}-{Interlocked.Increment(ref s_sequence)}-{scenario}";
        if (Name.Length > 60)
        {
            Name = Name[..60];
        }

        WorkDir = Path.Combine(Path.GetTempPath(), Name);
        Directory.CreateDirectory(WorkDir);
        CapturePath = Path.Combine(WorkDir, $"{scenario}.pcap");
        try
        {
            Shell.Run(LiveEnvironment.Ip, ["netns", "add", Name]);
            _created = true;
            IpN("link", "set", "lo", "up");
            foreach (string address in ExtraIPv4)
            {
                IpN("addr", "add", $"{address}/8", "dev", "lo");
            }

            EnableMptcp();
            Sysctl($"net.mptcp.checksum_enabled={(checksums ? 1 : 0)}");
            foreach (string sysctl in sysctls)
            {
                Sysctl(sysctl);
            }

            Mptcp("limits", "set", "subflows", "4", "add_addr_accepted", "4");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The extra loopback addresses of every namespace (127.0.0.1 is lo's own).</summary>
    public static IReadOnlyList<string> ExtraIPv4 { get; } = ["127.0.0.2", "127.0.0.3", "127.0.0.4"];

    public string Scenario { get; }

    public string Name { get; }

    /// <summary>net.mptcp.checksum_enabled of this namespace.</summary>
    public bool Checksums { get; }

    public string WorkDir { get; }

    public string CapturePath { get; }

    /// <summary>tcpdump's closing statistics ("N packets captured", "M packets dropped by kernel").</summary>
    public IReadOnlyList<string> CaptureStatistics { get; private set; } = [];

    /// <summary>When set (a test failed), <see cref="Dispose"/> keeps the work folder (capture, payloads, logs).</summary>
    public bool KeepWorkDir { get; set; }

    /// <summary>Runs `ip -n NS ARGS`.</summary>
    public string IpN(params string[] args) => Shell.Run(LiveEnvironment.Ip, ["-n", Name, .. args]);

    /// <summary>Runs `ip -n NS mptcp ARGS` (endpoints, limits).</summary>
    public string Mptcp(params string[] args) => IpN(["mptcp", .. args]);

    /// <summary>Runs `ip netns exec NS sysctl -w KEY=VALUE`.</summary>
    public void Sysctl(string assignment) => Exec("sysctl", "-q", "-w", assignment);

    /// <summary>Runs a short command inside the namespace.</summary>
    public string Exec(string file, params string[] args) => Shell.Run(LiveEnvironment.Ip, ["netns", "exec", Name, file, .. args]);

    /// <summary>Starts tcpdump on <paramref name="device"/> (lo, or any) and returns once it is really capturing (it said "listening on").</summary>
    public void StartCapture(string device = "lo")
    {
        // -U and --immediate-mode: every packet reaches the file at once, so SIGINT loses none; -B: a 32 MiB
        // kernel buffer so the bulk transfer drops nothing; -Z root: keep writing to the root-owned work folder.
        // On "any" (several links: MTU 1500, no offloads) the snapshot is 2000 octets: in immediate mode libpcap's ring
        // holds one frame per snapshot length, so the default 262,144 left 128 frames, and a burst was dropped.
        _tcpdump = Start("tcpdump", LiveEnvironment.Tcpdump,
            ["-i", device, "-s", device == "any" ? "2000" : "0", "-U", "--immediate-mode", "-B", "32768", "-n", "-Z", "root", "-w", CapturePath]);
        _tcpdump.WaitForLine("tcpdump: listening on", 15_000, stderr: true);
    }

    /// <summary>Stops tcpdump with SIGINT (it flushes and closes the file) and checks that it dropped nothing.</summary>
    public void StopCapture()
    {
        LiveProcess tcpdump = _tcpdump ?? throw new InvalidOperationException("no capture running");
        if (!tcpdump.Stop(Shell.SigInt, 10_000) && !tcpdump.Stop(Shell.SigTerm, 5_000))
        {
            throw new InvalidOperationException($"tcpdump did not stop on SIGINT/SIGTERM\n{tcpdump.Transcript()}");
        }

        CaptureStatistics = tcpdump.Stderr.Where(l => l.Contains("packets", StringComparison.Ordinal)).ToArray();
        string? dropped = CaptureStatistics.FirstOrDefault(l => l.Contains("dropped by kernel", StringComparison.Ordinal));
        Match m = DroppedRegex().Match(dropped ?? string.Empty);
        if (!m.Success)
        {
            throw new InvalidOperationException($"tcpdump printed no statistics\n{tcpdump.Transcript()}");
        }

        if (long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) != 0)
        {
            throw new InvalidOperationException($"tcpdump dropped packets, the capture is incomplete: {string.Join("; ", CaptureStatistics)}");
        }

        if (!System.IO.File.Exists(CapturePath))
        {
            throw new InvalidOperationException($"tcpdump wrote no {CapturePath}\n{tcpdump.Transcript()}");
        }
    }

    /// <summary>Starts the peer: `ip netns exec NS dotnet Mptcp.Codec.Live.Peer.dll ARGS`.</summary>
    public LiveProcess StartPeer(string name, params string[] args) =>
        Start(name, LiveEnvironment.Ip, ["netns", "exec", Name, LiveEnvironment.Dotnet, LiveEnvironment.PeerDll, .. args]);

    /// <summary>Starts mptcp-dump: `ip netns exec NS dotnet mptcp-dump.dll ARGS`.</summary>
    public LiveProcess StartTool(string name, params string[] args) =>
        Start(name, LiveEnvironment.Ip, ["netns", "exec", Name, LiveEnvironment.Dotnet, LiveEnvironment.ToolDll, .. args]);

    /// <summary>A path in the work folder.</summary>
    public string File(string name) => Path.Combine(WorkDir, name);

    /// <summary>Everything the processes said, for failure messages.</summary>
    public string Transcripts() =>
        string.Join('\n', _processes.Select(p => p.Transcript())) + $"\n--- work folder: {WorkDir}";

    public void Dispose()
    {
        foreach (LiveProcess process in _processes)
        {
            process.Dispose();
        }

        _processes.Clear();
        if (_created)
        {
            // Anything still running inside the namespace was started by this test (peers, tcpdump): end it by pid.
            var (_, pids, _) = Shell.RunFull(LiveEnvironment.Ip, ["netns", "pids", Name], check: false);
            foreach (string pid in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (int.TryParse(pid, CultureInfo.InvariantCulture, out int id))
                {
                    Shell.Signal(id, Shell.SigKill);
                }
            }

            for (int attempt = 0; attempt < 20; attempt++)
            {
                if (Shell.RunFull(LiveEnvironment.Ip, ["netns", "del", Name], check: false).ExitCode == 0)
                {
                    break;
                }

                Thread.Sleep(100);
            }

            _created = false;
        }

        if (!KeepWorkDir && Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }

    private LiveProcess Start(string name, string file, IEnumerable<string> args)
    {
        string[] all = file == LiveEnvironment.Ip ? args.ToArray() : ["netns", "exec", Name, file, .. args];
        var process = new LiveProcess(name, LiveEnvironment.Ip, all);
        _processes.Add(process);
        return process;
    }

    private void EnableMptcp()
    {
        var (code, _, errors) = Shell.RunFull(LiveEnvironment.Ip, ["netns", "exec", Name, "sysctl", "-q", "-w", "net.mptcp.enabled=1"], check: false);
        string value = code == 0
            ? Shell.RunFull(LiveEnvironment.Ip, ["netns", "exec", Name, "cat", LiveEnvironment.MptcpSysctl], check: false).Stdout.Trim()
            : string.Empty;
        Skip.If(value != "1", $"MPTCP is not available: net.mptcp.enabled cannot be set to 1 in a namespace ({errors.Trim()})");
    }

    [GeneratedRegex(@"(\d+) packets? dropped by kernel")]
    private static partial Regex DroppedRegex();
}
