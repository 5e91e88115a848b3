using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// What a test runner needs of <c>mptcp-dump peer</c> beyond the steps: an interrupted run takes its namespace with
/// it, a namespace a killed run left is deleted by the next, a mistyped counter is a script mistake, and a failure
/// after a reset says the kernel reset the subflow. Alone, not beside other peer runs: any run deletes a namespace a
/// killed run left, so a concurrent one could take the planted namespace (and its message) from the run under test.
/// </summary>
[Collection(AlonePeerRuns.Name)]
public sealed class PeerHygieneTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-peer-hygiene-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [SkippableTheory]
    [InlineData(2)] // SIGINT: Ctrl-C
    [InlineData(15)] // SIGTERM: timeout(1), a test runner's kill
    [InlineData(1)] // SIGHUP: the terminal closed
    public void An_interrupted_run_deletes_its_namespace(int signal)
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        string script = Script("kernel listen 8080\n< connect\nsleep 30000\n");
        using Process run = Process.Start(Shell.StartInfo(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script]))!;
        var lines = new StringBuilder();
        run.OutputDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        run.ErrorDataReceived += (_, e) => { lock (lines) { lines.AppendLine(e.Data); } };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        string name = $"mptcp-peer-{run.Id}";
        try
        {
            // The connect step's line comes once the namespace, the TUN device and the connection exist.
            Assert.True(SpinWait.SpinUntil(() => { lock (lines) { return lines.ToString().Contains("< connect", StringComparison.Ordinal); } }, 30_000), "the run never connected:\n" + lines);
            Assert.True(File.Exists($"/run/netns/{name}"));
            Assert.True(Shell.Signal(run.Id, signal));
            Assert.True(run.WaitForExit(15_000), "the run did not end after the signal");
            Assert.False(File.Exists($"/run/netns/{name}"), $"{name} is left behind after signal {signal}");
            output.WriteLine($"signal {signal}: exit {run.ExitCode}");
        }
        finally
        {
            if (!run.HasExited)
            {
                run.Kill(entireProcessTree: true);
            }

            Shell.Run(LiveEnvironment.Ip, ["netns", "del", name], check: false);
        }
    }

    [SkippableFact]
    public void A_namespace_a_killed_run_left_is_deleted_by_the_next_run()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        int gone = 4_000_000;
        while (Directory.Exists($"/proc/{gone}"))
        {
            gone--;
        }

        string left = $"mptcp-peer-{gone}";
        Shell.Run(LiveEnvironment.Ip, ["netns", "add", left]);
        try
        {
            var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", Script("kernel listen 8080\n< connect\n")], timeoutMs: 60_000, check: false);
            output.WriteLine(stdout + stderr);
            Assert.Equal(0, exit);
            Assert.Contains($"mptcp-dump: peer: deleted the namespace {left}, left behind by a run that was killed", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists($"/run/netns/{left}"));
        }
        finally
        {
            Shell.Run(LiveEnvironment.Ip, ["netns", "del", left], check: false);
        }
    }

    [SkippableFact]
    public void A_counter_this_kernel_does_not_have_stops_the_script_before_it_runs()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        string script = Script("kernel listen 8080\n< connect\ncounter MPJoinAckRX +0\n");
        var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script], timeoutMs: 60_000, check: false);
        Assert.Equal((2, string.Empty), (exit, stdout));
        // The kernel's own list has the name with a lower-case x.
        Assert.Contains("MPJoinAckRx", File.ReadAllText("/proc/net/netstat"), StringComparison.Ordinal);
        Assert.Equal($"mptcp-dump: {script}:3: 'MPJoinAckRX' is no MPTcpExt counter of this kernel (did you mean 'MPJoinAckRx'?)", stderr.Trim());
    }

    [SkippableFact]
    public void A_step_that_fails_after_the_kernel_reset_a_subflow_says_so()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        // A join whose third ACK has a wrong HMAC: the kernel resets it (RFC 8684 §3.2), so the subflow never joins.
        string script = Script("`ip mptcp limits set subflows 2`\nkernel listen 8080\n< connect\n< join bad-hmac\n> joined on 1 within 1000\n");
        var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script], timeoutMs: 60_000, check: false);
        output.WriteLine(stdout + stderr);
        Assert.Equal(1, exit);
        string failed = Array.Find(stdout.Split('\n'), l => l.Contains("FAIL", StringComparison.Ordinal)) ?? string.Empty;
        Assert.Contains("> joined on 1", failed, StringComparison.Ordinal);
        Assert.Contains("the kernel had reset subflow 1", failed, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_run_that_cannot_start_here_says_why_and_exits_3()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        Skip.If(Shell.Which("setpriv") is null, "needs setpriv (util-linux)");
        string script = Script("kernel listen 8080\n< connect\n");
        Shell.Run("chmod", ["a+rx", _folder]);
        Shell.Run("chmod", ["a+r", script]);
        // The same command as user nobody: no namespace, no TUN device for it.
        var (exit, stdout, stderr) = Shell.RunFull("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", "HOME=/tmp", LiveEnvironment.Dotnet, LiveEnvironment.ToolDll, "peer", script], timeoutMs: 60_000, check: false);
        Assert.Equal((3, string.Empty), (exit, stdout));
        Assert.Equal("mptcp-dump: peer: needs root: a run creates a network namespace and a TUN device (run it as root, e.g. with sudo)", stderr.Trim());
    }

    [SkippableFact]
    public void The_sdks_verifier_fails_the_step_that_saw_a_wrong_value_from_the_kernel()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        // A middlebox in the run's namespace (nft, on the kernel's output) rewrites the first octet of every segment
        // of data the kernel sends, after the kernel computed its DSS checksum (RFC 8684 §3.3.1) over the original:
        // the sleep holds by itself, and the verifier fails it for the checksum of the kernel's echo.
        string script = Script("`sysctl -q -w net.mptcp.checksum_enabled=1`\n"
            + "`nft add table ip mangle; nft add chain ip mangle out '{ type filter hook output priority 0; }'; nft add rule ip mangle out ip saddr 10.9.0.1 tcp sport 8080 tcp flags '& (psh) == psh' @ih,0,8 set 0x41`\n"
            + "kernel listen 8080\n< connect csum\n< data 100\nsleep 500\n");
        var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script], timeoutMs: 60_000, check: false);
        output.WriteLine(stdout + stderr);
        Assert.Equal(1, exit);
        string failed = Array.Find(stdout.Split('\n'), l => l.Contains("FAIL", StringComparison.Ordinal)) ?? string.Empty;
        Assert.Contains("sleep 500", failed, StringComparison.Ordinal);
        Assert.Contains("waited 500 ms; but the kernel's DSS checksum failed the SDK's verification", failed, StringComparison.Ordinal);
        Assert.Contains("the kernel's values checked by the SDK: dss_checksum 1 checked/1 failed", stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_run_written_with_w_is_a_capture_that_read_verify_passes()
    {
        Skip.IfNot(Shell.IsRoot, "needs root");
        string capture = Path.Combine(_folder, "run.pcap");
        var (exit, stdout, _) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", Repository.Path("samples", "peer", "join.peer"), "-w", capture], timeoutMs: 60_000, check: false);
        Assert.Equal(0, exit);
        // tshark reads it and sees both directions of both subflows: the kernel's address as source and as destination.
        string[] sources = Shell.Run("tshark", ["-r", capture, "-T", "fields", "-e", "ip.src"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("10.9.0.1", sources);
        Assert.Contains("10.9.0.2", sources);
        Assert.Contains("10.9.0.3", sources);
        var (verifyExit, verified, _) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "summary", capture], check: false);
        output.WriteLine(stdout + verified);
        Assert.Equal(0, verifyExit);
        Assert.Matches(@"join_hmac [1-9]\d* checked/0 failed", verified);
    }

    private string Script(string text)
    {
        string path = Path.Combine(_folder, $"s{Guid.NewGuid():N}.peer");
        File.WriteAllText(path, text);
        return path;
    }
}

/// <summary>Tests that must not run while another test starts a peer.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AlonePeerRuns
{
    public const string Name = "peer runs, alone";
}
