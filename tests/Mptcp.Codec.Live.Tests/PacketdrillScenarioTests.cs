using System;
using Mptcp.Codec.Peer.Packetdrill.Run;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Whole packetdrill scenarios written here, against this machine's kernel: a server accepting a join (token from
/// the kernel's key, both HMACs), a fastclose (the kernel resets with MP_TCPRST), and a fallback when the script's
/// SYN asks for MPTCP v0; each with a deliberately wrong line failing where it is.
/// </summary>
public sealed class PacketdrillScenarioTests
{
    private const string Handshake = """
        --tolerance_usecs=100000
        0     socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
        +0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0    bind(3, ..., ...) = 0
        +0    listen(3, 1) = 0
        +0    < addr[caddr0] > addr[saddr0] S 0:0(0) win 65535 <mss 1460, mpcapable v1 flags[flag_h] nokey>
        +0    > S. 0:0(0) ack 1 <mss 1460, mpcapable v1 flags[flag_h] key[skey]>
        +0.01 < . 1:1(0) ack 1 win 256 <mpcapable v1 flags[flag_h] key[ckey=2, skey]>
        +0    accept(3, ..., ...) = 4

        """;

    private const string Join = Handshake + """
        +0    < addr[caddr1] > addr[saddr0] S 0:0(0) win 65535 <mss 1460, mp_join_syn address_id=1 token=sha256_32(skey) rand=7>
        +0    > S. 0:0(0) ack 1 <mss 1460, mp_join_syn_ack sender_hmac=auto>
        +0.01 < . 1:1(0) ack 1 win 256 <mp_join_ack sender_hmac=auto>
        +0~+0.2 > . 1:1(0) ack 1 <dss dack4=1 nocs>
        +0    < P. 1:101(100) ack 1 win 256 <dss dack4=1 dsn8=1 ssn=1 dll=100 nocs>
        +0~+0.2 > . 1:1(0) ack 101 <dss dack8=101 nocs>
        +0    read(4, ..., 100) = 100
        """;

    private const string FastClose = Handshake + """
        +0    < . 1:1(0) ack 1 win 256 <mp_fastclose>
        +0~+0.2 > R. 1:1(0) ack 1 <mp_reset 0>
        +0    read(4, ..., 100) = -1 ECONNRESET (Connection reset by peer)
        """;

    [SkippableTheory]
    [InlineData("join")]
    [InlineData("fastclose")]
    public void The_scenario_holds_against_the_kernel(string scenario)
    {
        LiveEnvironment.SkipUnlessMptcp();
        RunOutcome outcome = Run(scenario == "join" ? Join : FastClose);
        Assert.True(outcome.Held, $"line {outcome.Line}: {outcome.Message}");
    }

    [SkippableTheory]
    [InlineData("join", "token=sha256_32(skey) rand=7", "token=1 rand=7", 11, "error handling packet: live packet field ipv4_total_length: expected: 60 (0x3c) vs actual: 44 (0x2c)")]
    [InlineData("join", "ack 1 <dss dack4=1 nocs>", "ack 1 <dss dack4=2 nocs>", 13, "error handling packet: MPTCP option mismatch: dss data ack: expected: 2 vs actual: 1 (past the script's IDSN)")]
    [InlineData("fastclose", "<mp_reset 0>", "<mp_reset 1>", 11, "error handling packet: MPTCP option mismatch: mp_reset reason: expected: 1 vs actual: 0")]
    public void A_wrong_line_of_a_scenario_fails_there(string scenario, string line, string wrong, int failingLine, string message)
    {
        LiveEnvironment.SkipUnlessMptcp();
        string text = scenario == "join" ? Join : FastClose;
        Assert.Contains(line, text, StringComparison.Ordinal);
        RunOutcome outcome = Run(text.Replace(line, wrong, StringComparison.Ordinal));
        Assert.Equal((false, failingLine), (outcome.Held, outcome.Line));
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void A_SYN_asking_for_version_0_falls_back_to_TCP()
    {
        // Linux 5.6 and later speak only v1: to a v0 MP_CAPABLE it answers a plain SYN/ACK, and the connection is TCP.
        LiveEnvironment.SkipUnlessMptcp();
        const string Fallback = """
            0     socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
            +0    bind(3, ..., ...) = 0
            +0    listen(3, 1) = 0
            +0    < S 0:0(0) win 65535 <mss 1460, mpcapable v0 flags[flag_h] key[ckey=2]>
            +0    > S. 0:0(0) ack 1 <mss 1460>
            +0.01 < . 1:1(0) ack 1 win 256
            +0    accept(3, ..., ...) = 4
            +0    < P. 1:101(100) ack 1 win 256
            +0~+0.2 > . 1:1(0) ack 101
            +0    read(4, ..., 100) = 100
            """;
        RunOutcome held = Run(Fallback);
        Assert.True(held.Held, $"line {held.Line}: {held.Message}");
        RunOutcome wrong = Run(Fallback.Replace("> S. 0:0(0) ack 1 <mss 1460>", "> S. 0:0(0) ack 1 <mss 1460, mpcapable v1 flags[flag_h] key[skey]>", StringComparison.Ordinal));
        Assert.Equal((false, 5), (wrong.Held, wrong.Line));
        Assert.StartsWith("error handling packet: live packet field ipv4_total_length: expected: 56 (0x38) vs actual: 44 (0x2c)", wrong.Message, StringComparison.Ordinal);
    }

    private static RunOutcome Run(string text) => PacketdrillRuns.Run(text);
}
