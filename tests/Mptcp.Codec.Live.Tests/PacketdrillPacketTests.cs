using System;
using Mptcp.Codec.Peer.Packetdrill.Run;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// The packetdrill runner's packets against this machine's kernel: a server script written here (MP_CAPABLE v1 with
/// keys, data in a DSS mapping, the kernel's DATA_ACK past the script's IDSN), run as it holds, and each wrong line
/// failing where it is with packetdrill's words for the field.
/// </summary>
public sealed class PacketdrillPacketTests
{
    internal const string Server = """
        --tolerance_usecs=100000
        0     socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
        +0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0    bind(3, ..., ...) = 0
        +0    listen(3, 1) = 0
        +0    < S 0:0(0) win 65535 <mss 1460, sackOK, TS val 100 ecr 0, nop, wscale 7, mpcapable v1 flags[flag_h] nokey>
        +0    > S. 0:0(0) ack 1 <mss 1460, sackOK, TS val 700 ecr 100, nop, wscale 10, mpcapable v1 flags[flag_h] key[skey]>
        +0.01 < . 1:1(0) ack 1 win 256 <nop, nop, TS val 110 ecr 700, mpcapable v1 flags[flag_h] key[ckey=2, skey]>
        +0    accept(3, ..., ...) = 4
        +0    < P. 1:101(100) ack 1 win 256 <nop, nop, TS val 120 ecr 700, dss dack8=1 dsn8=1 ssn=1 dll=100 nocs>
        +0~+0.2 > . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack8=101 nocs>
        +0    read(4, ..., 100) = 100
        +0    close(4) = 0
        """;

    [SkippableFact]
    public void A_server_takes_MP_CAPABLE_and_data_as_the_script_says()
    {
        LiveEnvironment.SkipUnlessMptcp();
        RunOutcome outcome = Run(Server);
        Assert.True(outcome.Held, $"line {outcome.Line}: {outcome.Message}");
    }

    [SkippableTheory]
    [InlineData("> S. 0:0(0) ack 1 <", "> S. 0:0(0) ack 2 <", 7, "error handling packet: live packet field tcp_ack_seq: expected: 2 (0x2) vs actual: 1 (0x1)")]
    [InlineData("wscale 10, mpcapable v1 flags[flag_h] key[skey]", "wscale 9, mpcapable v1 flags[flag_h] key[skey]", 7, "error handling packet: bad value outbound TCP option 3: expected: 9 vs actual: 10")]
    [InlineData("> . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack8=101 nocs>", "> . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack8=100 nocs>", 11, "error handling packet: MPTCP option mismatch: dss data ack: expected: 100 vs actual: 101 (past the script's IDSN)")]
    [InlineData("> . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack8=101 nocs>", "> . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack4=101 nocs>", 11, "error handling packet: live packet field ipv4_total_length: expected: 60 (0x3c) vs actual: 64 (0x40)")]
    [InlineData("+0    read(4, ..., 100) = 100", "+0    read(4, ..., 100) = 99", 12, "runtime error in read call: Expected result 99 but got 100 with errno 0")]
    public void A_wrong_packet_line_fails_there_with_packetdrills_words(string line, string wrong, int failingLine, string message)
    {
        LiveEnvironment.SkipUnlessMptcp();
        Assert.Contains(line, Server, StringComparison.Ordinal);
        RunOutcome outcome = Run(Server.Replace(line, wrong, StringComparison.Ordinal));
        Assert.Equal((false, failingLine), (outcome.Held, outcome.Line));
        Assert.StartsWith(message, outcome.Message, StringComparison.Ordinal);
    }

    private static RunOutcome Run(string text) => PacketdrillRuns.Run(text);
}
