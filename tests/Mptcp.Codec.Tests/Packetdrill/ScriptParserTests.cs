using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Tests.Packetdrill;

/// <summary>
/// packetdrill's script language as the Linux MPTCP suite writes it, read into the runner's model: each construct
/// in a script written here (grammar from packetdrill's parser.y and lexer.l, read for the rules only), and each
/// mistake as FILE:LINE's line and one sentence.
/// </summary>
public sealed class ScriptParserTests
{
    private const string Server = """
        --tolerance_usecs=100000
        `../common/defaults.sh`

        // a server: the kernel listens, the script connects with MP_CAPABLE v1
        0     socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
        +0    setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0
        +0    bind(3, ..., ...) = 0
        +0    listen(3, 1) = 0
        +0    < S 0:0(0) win 65535 <mss 1460, sackOK, TS val 100 ecr 0, nop, wscale 7, mpcapable v1 flags[flag_h] nokey>
        +0    > S. 0:0(0) ack 1 <mss 1460, sackOK, TS val 700 ecr 100, nop, wscale 7, mpcapable v1 flags[flag_h] key[skey]>
        +0.01 < . 1:1(0) ack 1 win 256 <nop, nop, TS val 110 ecr 700, mpcapable v1 flags[flag_h] key[ckey=2, skey]>
        +0    accept(3, ..., ...) = 4
        +0    < P. 1:101(100) ack 1 win 256 <nop, nop, TS val 120 ecr 700, dss dack8=1 dsn8=1 ssn=1 dll=100 nocs>
        *     > . 1:1(0) ack 101 <nop, nop, TS val 710 ecr 120, dss dack8=101 nocs>
        +0    read(4, ..., 100) = 100
        /* a block comment
           over two lines */
        +0    close(4) = 0
        """;

    [Fact]
    public void A_server_script_reads_into_events_with_their_lines_and_times()
    {
        PacketdrillScript script = ScriptParser.Parse(Server);
        Assert.Equal([new HeaderOption("tolerance_usecs", "100000", 1)], script.Options);
        Assert.Equal("../common/defaults.sh", script.InitCommand);
        Assert.Equal(12, script.Events.Count);
        Assert.Equal([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 18], script.Events.Select(e => e.Line));
        Assert.Equal(new EventTime(TimeKind.Absolute, 0), script.Events[0].Time);
        Assert.Equal(new EventTime(TimeKind.Relative, 10_000), script.Events[6].Time);
        Assert.Equal(TimeKind.Any, script.Events[9].Time.Kind);

        var socket = (SyscallAction)script.Events[0].Action;
        Assert.Equal("socket", socket.Name);
        Assert.Equal<Expression>([new EllipsisExpression(), new WordExpression("SOCK_STREAM"), new WordExpression("IPPROTO_MPTCP")], socket.Arguments);
        Assert.Equal(new NumberExpression(3), socket.Result);
        var setsockopt = (SyscallAction)script.Events[1].Action;
        Assert.Equal(new ArrayExpression([new NumberExpression(1)]), setsockopt.Arguments[3], new ExpressionComparer());

        var syn = (PacketAction)script.Events[4].Action;
        Assert.Equal((Direction.Inbound, "S", 0u, 0u, 0, 65535), (syn.Direction, syn.Flags, syn.Start, syn.End, syn.Length, syn.Window!.Value));
        Assert.Equal<TcpOptionSyntax>([new MssSyntax(1460), new SackPermittedSyntax(), new TimestampSyntax(100, 0), new NopSyntax(), new WindowScaleSyntax(7)], syn.Options!.Take(5));
        var capable = (MpCapableSyntax)syn.Options![5];
        Assert.Equal((1, (byte)0x01, 0), (capable.Version, capable.Flags, capable.Keys.Count));

        var synAck = (PacketAction)script.Events[5].Action;
        Assert.Equal((Direction.Outbound, "S.", 1u, (int?)null), (synAck.Direction, synAck.Flags, synAck.Ack!.Value, synAck.Window));
        Assert.Equal([new ScriptValue("skey", null)], ((MpCapableSyntax)synAck.Options![5]).Keys);
        Assert.Equal([new ScriptValue("ckey", 2), new ScriptValue("skey", null)], ((MpCapableSyntax)((PacketAction)script.Events[6].Action).Options![3]).Keys);

        var data = (PacketAction)script.Events[8].Action;
        Assert.Equal((1u, 101u, 100), (data.Start, data.End, data.Length));
        var dss = (DssSyntax)data.Options![3];
        Assert.Equal(new DssNumber(true, true, 1), dss.DataAck);
        Assert.Equal(new DssNumber(true, true, 1), dss.DataSequence);
        Assert.Equal((1u, (ushort)100, true, (ushort?)null, false), (dss.SubflowSequence!.Value, dss.DataLevelLength!.Value, dss.NoChecksum, dss.Checksum, dss.DataFin));
        var ack = (DssSyntax)((PacketAction)script.Events[9].Action).Options![3];
        Assert.Equal((new DssNumber(true, true, 101), false), (ack.DataAck, ack.DataSequence.Present));
    }

    [Fact]
    public void Joins_addresses_and_the_other_MPTCP_options_read_with_every_field()
    {
        PacketdrillScript script = ScriptParser.Parse("""
            0 < addr[caddr1] > addr[saddr0] S 0:0(0) win 65535 <mp_join_syn backup=1 address_id=2 token=sha256_32(skey) rand=7>
            +0 > addr[saddr0] > addr[caddr1] S. 0:0(0) ack 1 <mp_join_syn_ack sender_hmac=auto>
            +0 < . 1:1(0) ack 1 win 256 <mp_join_ack sender_hmac=full_160_hmac(ckey skey)>
            +0 > > addr[saddr1] S 0:0(0) <mp_join_syn address_id=auto token=auto>
            +0 > . 1:1(0) ack 1 <add_address address_id=3 addr[saddr1] port=8080 hmac=auto>
            +0 < . 1:1(0) ack 1 win 256 <add_address addr[ep=inet_addr("198.51.100.2")] addr_echo, remove_address address_id=[3, 4]>
            +0 < . 1:1(0) ack 1 win 256 <mp_prio backup=1 address_id=2, mp_fail dsn8=5, mp_fastclose ckey=42 + 1>
            +0 < R. 1:1(0) ack 1 win 0 <mp_reset 1 flags[flag_t]>
            +0 > R 1:1(0) <mp_fastclose>
            """);
        var actions = script.Events.Select(e => e.Action).Cast<PacketAction>().ToList();
        Assert.Equal(new Endpoint("caddr1", null, null), actions[0].Source);
        Assert.Equal(new Endpoint("saddr0", null, null), actions[0].Destination);
        var joinSyn = (MpJoinSyntax)actions[0].Options![0];
        Assert.Equal((JoinForm.Syn, (bool?)true, (byte?)2, "sha256_32", "skey", (uint?)7), (joinSyn.Form, joinSyn.Backup, joinSyn.AddressId, joinSyn.Secret.Form, joinSyn.Secret.Keys[0], joinSyn.Nonce));
        Assert.Equal("auto", ((MpJoinSyntax)actions[1].Options![0]).Secret.Form);
        Assert.Equal(["ckey", "skey"], ((MpJoinSyntax)actions[2].Options![0]).Secret.Keys);
        Assert.Null(actions[3].Source);
        Assert.Equal(new Endpoint("saddr1", null, null), actions[3].Destination);
        Assert.Equal((byte?)null, ((MpJoinSyntax)actions[3].Options![0]).AddressId);
        Assert.Equal(new AddAddressSyntax(3, "saddr1", null, 8080, Echo: false, Hmac: null), actions[4].Options![0]);
        Assert.Equal(new AddAddressSyntax(null, "ep", "198.51.100.2", null, Echo: true, Hmac: null), actions[5].Options![0]);
        Assert.Equal([3, 4], ((RemoveAddressSyntax)actions[5].Options![1]).AddressIds);
        Assert.Equal(new MpPrioSyntax(true, 2), actions[6].Options![0]);
        Assert.Equal(new MpFailSyntax(new DssNumber(true, true, 5)), actions[6].Options![1]);
        Assert.Equal(new MpFastCloseSyntax(new ScriptValue("ckey", 42), 1), actions[6].Options![2]);
        Assert.Equal(new MpTcpRstSyntax(1, true), actions[7].Options![0]);
        Assert.Equal(("R.", 0), (actions[7].Flags, actions[7].Window!.Value));
        Assert.Equal(new MpFastCloseSyntax(null, 0), actions[8].Options![0]);
    }

    [Fact]
    public void Client_system_calls_errnos_structs_blocking_calls_and_ranges_read()
    {
        PacketdrillScript script = ScriptParser.Parse("""
            0 socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3
            +0 fcntl(3, F_GETFL) = 0x2 (flags O_RDWR)
            +0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0
            +0 connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)
            +0 > S 0:0(0) <...>
            +0.1~+0.3 > S 0:0(0) <...>
            +0 getsockopt(3, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0
            +0...0.020 poll([{fd=3, events=POLLOUT, revents=POLLOUT|POLLERR|POLLHUP}], 1, 1000) = 1
            +0 recvmsg(3, {msg_name(...)=...,
                           msg_iov(1)=[{..., 0}],
                           msg_flags=0}, 0) = 0
            +0 read (3, ..., 100) = -1 ENOTCONN (Socket is not connected)
            +0 shutdown(3, SHUT_WR) = 0
            +0 `ip mptcp endpoint add 198.51.100.2 signal`
            `echo cleanup`
            """);
        Assert.Null(script.InitCommand);
        Assert.Equal("echo cleanup", script.CleanupCommand);
        var getfl = (SyscallAction)script.Events[1].Action;
        Assert.Equal((new NumberExpression(2), (string?)null, "flags O_RDWR"), (getfl.Result, getfl.Errno, getfl.Note));
        Assert.Equal(new OrExpression([new WordExpression("O_RDWR"), new WordExpression("O_NONBLOCK")]), ((SyscallAction)script.Events[2].Action).Arguments[2], new ExpressionComparer());
        var connect = (SyscallAction)script.Events[3].Action;
        Assert.Equal((new NumberExpression(-1), "EINPROGRESS", "Operation now in progress"), (connect.Result, connect.Errno, connect.Note));
        Assert.True(((PacketAction)script.Events[4].Action).AnyOptions);
        Assert.Equal(new EventTime(TimeKind.Relative, 100_000, 300_000), script.Events[5].Time);
        var poll = (SyscallAction)script.Events[7].Action;
        Assert.Equal(new EventTime(TimeKind.Absolute, 20_000), poll.Blocking);
        var pollfd = (StructExpression)((ArrayExpression)poll.Arguments[0]).Items[0];
        Assert.Equal(["fd", "events", "revents"], pollfd.Members.Select(m => m.Name));
        var recvmsg = (StructExpression)((SyscallAction)script.Events[8].Action).Arguments[1];
        Assert.Equal(["msg_name(...)", "msg_iov(1)", "msg_flags"], recvmsg.Members.Select(m => m.Name));
        Assert.Equal(12, script.Events[9].Line); // the recvmsg before it takes lines 9 to 11
        Assert.Equal("read", ((SyscallAction)script.Events[9].Action).Name);
        Assert.Equal(new CommandAction("ip mptcp endpoint add 198.51.100.2 signal"), script.Events[11].Action);
    }

    [Fact]
    public void A_define_replaces_the_word_it_names()
    {
        PacketdrillScript script = ScriptParser.Parse("0 setsockopt(3, CMSG_LEVEL_IP, SO_ERROR, [1], 4) = 0\n", new Dictionary<string, string> { ["CMSG_LEVEL_IP"] = "SOL_IPV6" });
        Assert.Equal(new WordExpression("SOL_IPV6"), ((SyscallAction)script.Events[0].Action).Arguments[1]);
    }

    [Theory]
    [InlineData("+1 socket(..., SOCK_STREAM, IPPROTO_MPTCP) = 3\n+1 close(3) = 0", 1, "the first event must be at time 0")]
    [InlineData("0 close(3) = 0\n+0 < S 0:0(0) <mss 1460>", 2, "a packet sent to the kernel (<) needs its window: win N")]
    [InlineData("0 close(3) = 0\n\n+0 < S 0:10(0) win 1000", 3, "the segment 0:10(0) does not end at its start plus its length")]
    [InlineData("0 close(3) = 0\n* close(3) = 0", 2, "a time of * or a range T~T is only for a packet the kernel sends (>)")]
    [InlineData("0 connect(3, ..., ...) = -1 EINPROGRESS", 1, "the errno EINPROGRESS must be followed by its text in parentheses, as EINPROGRESS (...)")]
    [InlineData("0 < S 0:0(0) win 1 <mpcapable v2 flags[flag_h] nokey>", 1, "'v2' is not an MP_CAPABLE version (v0, v1)")]
    [InlineData("0 < S 0:0(0) win 1 <mpcapable v1 flags[flag_z] nokey>", 1, "'flag_z' is not an MP_CAPABLE flag (flag_a … flag_h, no_flags)")]
    [InlineData("0 < . 1:1(0) win 1 <dss dsn8=1 ssn=1 dll=0 nocs>", 1, "a dss option here has a DATA_ACK (dack4 or dack8)")]
    [InlineData("0 < . 1:1(0) win 1 <mp_join_syn backup=1>", 1, "mp_join_syn needs token=…")]
    [InlineData("0 < . 1:1(0) win 1 <add_address addr[a]>", 1, "add_address ends with addr_echo, hmac=auto or hmac=N")]
    [InlineData("0 < . 1:1(0) win 1 <mp_fail dsn4=1>", 1, "MP_FAIL carries a 64-bit DSN: dsn8, not dsn4")]
    [InlineData("0 < . 1:1(0) win 70000", 1, "the window is 70000, more than its field holds (65535)")]
    [InlineData("0 < . 1:1(0) win 1 <md5 0>", 1, "'md5' is not a TCP option this runner knows (nop, eol, mss, wscale, sackOK, sack, TS, mpcapable, dss, mp_join_syn, mp_join_syn_ack, mp_join_ack, add_address, remove_address, mp_prio, mp_fail, mp_fastclose, mp_reset)")]
    [InlineData("0 < S 0:0(0) win 1 <...>", 1, "<...> (options not checked) is only for a packet the kernel sends (>)")]
    [InlineData("0 close(3) = 0\n+0 `echo never closed", 2, "a `command` is not closed before the end of the script")]
    [InlineData("0 poll([{fd=3, events=POLLIN}, 1, 0) = 0", 1, "expected ',' or ']', found ')'")]
    [InlineData("--tolerance_usecs=\n0 close(3) = 0", 2, "expected a time in seconds, found 'close'")]
    [InlineData("0 close(3) = 0\r\n+0 close(4) = 0", 1, "expected a time in seconds, found '\r'")]
    [InlineData("0 close(3) = 0\n0.5 close(3) = 0\n+1 close(3) = 0\n0.25 close(3) = 0", 4, "the time 0.25 comes before 0.5, an earlier event's: absolute times do not go back")]
    public void A_mistake_names_its_line_and_what_is_wrong(string text, int line, string message)
    {
        PacketdrillSyntaxException e = Assert.Throws<PacketdrillSyntaxException>(() => ScriptParser.Parse(text));
        Assert.Equal((line, message), (e.Line, e.Message));
    }

    // Records holding lists compare their lists by reference: these compare them by content.
    private sealed class ExpressionComparer : IEqualityComparer<Expression>
    {
        public bool Equals(Expression? x, Expression? y) => (x, y) switch
        {
            (ArrayExpression a, ArrayExpression b) => a.Items.SequenceEqual(b.Items, this),
            (OrExpression a, OrExpression b) => a.Terms.SequenceEqual(b.Terms, this),
            _ => Equals((object?)x, y),
        };

        public int GetHashCode(Expression obj) => 0;
    }
}
