using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using Mptcp.Codec.Peer.Packetdrill.Run;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// The packetdrill runner's system calls and commands against this machine's kernel, in a namespace made for each
/// run (tun0, the local address, the route to the remote prefix): scripts written here, each with the failure
/// message of a deliberately wrong line, in packetdrill's words (run_system_call.c's, read for the wording).
/// </summary>
public sealed class PacketdrillSyscallTests
{
    private const string Listener = """
        --tolerance_usecs=100000
        0    socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
        +0   setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0   fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)
        +0   fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
        +0   bind(3, ..., ...) = 0
        +0   listen(3, 1) = 0
        +0   accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)
        +0   getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0
        +0   poll([{fd=3, events=POLLIN, revents=0}], 1, 0) = 0
        +0.2 close(3) = 0
        """;

    [SkippableTheory]
    [InlineData("ipv4")]
    [InlineData("ipv6")]
    [InlineData("ipv4-mapped-ipv6")]
    public void A_nonblocking_MPTCP_listener_behaves_as_the_script_says(string family)
    {
        LiveEnvironment.SkipUnlessMptcp();
        IPVersion version = family switch { "ipv6" => IPVersion.IPv6, "ipv4" => IPVersion.IPv4, _ => IPVersion.IPv4MappedIPv6 };
        var clock = Stopwatch.StartNew();
        RunOutcome outcome = Run(Listener, Settings(version));
        Assert.True(outcome.Held, $"line {outcome.Line}: {outcome.Message}");
        Assert.InRange(clock.ElapsedMilliseconds, 200, 20_000); // the last call waited for its time
    }

    [SkippableTheory]
    [InlineData("+0   accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)", "+0   accept(3, ..., ...) = 4", 8,
        "runtime error in accept call: Expected non-negative result but got -1 with errno 11 (EAGAIN)")]
    [InlineData("+0   listen(3, 1) = 0", "+0   listen(3, 1) = -1 EINVAL (Invalid argument)", 7,
        "runtime error in listen call: Expected result -1 but got 0 with errno 0")]
    [InlineData("+0   getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0", "+0   getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0", 9,
        "runtime error in getsockopt call: Bad getsockopt optval: expected: 111 actual: 0")]
    [InlineData("+0   poll([{fd=3, events=POLLIN, revents=0}], 1, 0) = 0", "+0   poll([{fd=3, events=POLLIN, revents=POLLIN}], 1, 0) = 0", 10,
        "runtime error in poll call: poll() revents: expected: 0x1 actual: 0x0")]
    [InlineData("+0   poll([{fd=3, events=POLLIN, revents=0}], 1, 0) = 0", "+0   poll([{fd=3, events=POLLIN, revents=0}], 1, 300) = 0\n0.1 getsockopt(3, SOL_SOCKET, SO_ERROR, [0], [4]) = 0", 11,
        "timing error: expected system call start at 0.100000 sec but happened at 0.3")]
    public void A_wrong_line_fails_there_with_packetdrills_words(string line, string wrong, int failingLine, string message)
    {
        LiveEnvironment.SkipUnlessMptcp();
        RunOutcome outcome = Run(Listener.Replace(line, wrong, StringComparison.Ordinal), Settings(IPVersion.IPv4));
        Assert.False(outcome.Held);
        Assert.Equal(failingLine, outcome.Line);
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_connecting_client_gets_EINPROGRESS_and_a_wrong_errno_is_named()
    {
        LiveEnvironment.SkipUnlessMptcp();
        const string Client = """
            0  socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 read(3, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)
            +0 write(3, ..., 100) = -1 EAGAIN (Resource temporarily unavailable)
            +0 close(3) = 0
            """;
        RunOutcome held = Run(Client, Settings(IPVersion.IPv4));
        Assert.True(held.Held, $"line {held.Line}: {held.Message}");

        RunOutcome wrong = Run(Client.Replace("EINPROGRESS (Operation", "EISCONN (Operation", StringComparison.Ordinal), Settings(IPVersion.IPv4));
        Assert.Equal((false, 3, "runtime error in connect call: Expected errno 106 (EISCONN) but got 115 (EINPROGRESS)"), (wrong.Held, wrong.Line, wrong.Message));
    }

    [SkippableFact]
    public void Commands_run_in_the_scripts_folder_with_packetdrills_variables()
    {
        LiveEnvironment.SkipUnlessMptcp();
        string folder = Directory.CreateTempSubdirectory("pd-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "check.sh"), "test \"$OPT_LOCAL_DEV\" = tun0 && test \"$OPT_IP_VERSION\" = ipv6 && test \"$OPT_LOCAL_IP\" = fd3d:fa7b:d17d:: && ip -6 addr show dev tun0 | grep -q fd3d:fa7b:d17d::/48\n");
            RunOutcome held = Run("`sh ./check.sh`\n0 `sysctl -q net.mptcp.enabled=1`\n+0 `test -n \"$TFO_COOKIE\"`\n", Settings(IPVersion.IPv6) with { Defines = new System.Collections.Generic.Dictionary<string, string> { ["TFO_COOKIE"] = "6aa6ae70c288023b" } }, folder);
            Assert.True(held.Held, $"line {held.Line}: {held.Message}");
            RunOutcome failed = Run("0 `true`\n+0 `exit 3`\n", Settings(IPVersion.IPv4), folder);
            Assert.Equal((false, 2, "non-zero status 3 from command: exit 3"), (failed.Held, failed.Line, failed.Message));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // run_all.py's addresses for each family.
    private static RunSettings Settings(IPVersion version) => version == IPVersion.IPv6
        ? new RunSettings
        {
            IPVersion = version, Mtu = 1520, ToleranceMicroseconds = 100_000,
            LocalAddress = IPAddress.Parse("fd3d:fa7b:d17d::0"), LocalPrefixLength = 48,
            GatewayAddress = IPAddress.Parse("fd3d:fa7b:d17d:8888::0"),
            RemoteAddress = IPAddress.Parse("2001:DB8::1"), RemotePrefixLength = 32,
        }
        : new RunSettings { IPVersion = version, ToleranceMicroseconds = 100_000 };

    private static RunOutcome Run(string text, RunSettings settings, string? folder = null) => PacketdrillRuns.Run(text, settings, folder);
}
