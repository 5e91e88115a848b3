using System;
using System.IO;
using System.Linq;
using Mptcp.Codec.Peer.Script;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>
/// Bad peer scripts fail before anything runs (no namespace, no root needed), with the line and the reason, and
/// <c>mptcp-dump peer</c> exits 2 (issue 13). The sample scripts have no mistake.
/// </summary>
public sealed class PeerScriptParserTests : IDisposable
{
    private const string Start = "kernel listen 8080\n< connect\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-peer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(Start + "< bogus 12\n", 3, "unknown option word 'bogus' after '<' (known: connect, data, reinject, data-fin, fin, join, add-addr, remove-addr, prio, fastclose, reset, mp-fail, raw)")]
    [InlineData(Start + "> fireworks\n", 3, "unknown option word 'fireworks' after '>' (known: connect, data, data-fin, fin, reset, join, joined, add-addr, add-addr-echo, option)")]
    [InlineData("kernel listen 8080\n< conect\n", 2, "unknown option word 'conect' after '<' (did you mean 'connect'?) (known: connect, data, reinject, data-fin, fin, join, add-addr, remove-addr, prio, fastclose, reset, mp-fail, raw)")]
    [InlineData("kernal listen 8080\n", 1, "unknown step 'kernal' (did you mean 'kernel'?) (a line starts with <, >, `, kernel, counter, app or sleep)")]
    [InlineData("kernel connect port 9000 send 100\n< data 100\n", 2, "'< data' before the connection: the kernel connects in this script ('kernel connect'), so '> connect' first")]
    [InlineData("kernel connect port 9000 send 100\n> data 100\n", 2, "'> data' before the connection: the kernel connects in this script ('kernel connect'), so '> connect' first")]
    [InlineData(Start + "< data\n", 3, "missing a number of octets at the end of the line")]
    [InlineData(Start + "< add-addr 2\n", 3, "missing 'id' at the end of the line")]
    [InlineData(Start + "< data twelve\n", 3, "'twelve' is not a number of octets (1 to 268435456)")]
    [InlineData(Start + "< data 1000\n> data 5000\n", 4, "'> data 5000' can never hold: the peer has sent 1000 octets before this line, and the kernel echoes what it gets")]
    [InlineData(Start + "< data 10 ahead 0\n", 3, "'0' is not a number of octets past the next DSN (1 to 2147483647)")]
    [InlineData(Start + "< data 1000\n< reinject 1500 on 0\n", 4, "'< reinject 1500': the peer has sent 1000 octets before this line")]
    [InlineData(Start + "< data 100\n> data 10 on 2\n", 4, "there is no subflow 2 at this line (subflows so far: 0; each '< join' adds one)")]
    [InlineData(Start + "> reset on 3\n", 3, "there is no subflow 3 at this line (subflows so far: 0; each '< join' adds one)")]
    [InlineData("kernel listen 8080\n< data 10\n", 2, "'< data' before the connection: '< connect' first")]
    [InlineData("< connect\n", 1, "the kernel listens on nothing: 'kernel listen PORT' first")]
    [InlineData(Start + "counter MPJoinAckRx 1\n", 3, "'1': a counter's change is +N (exactly N more) or >= N")]
    [InlineData(Start + "`ip mptcp limits set subflows 2\n", 3, "a command goes between two backquotes: `ip mptcp limits set subflows 2`")]
    [InlineData(Start + "< join from 9\n", 3, "'9' is no address of the peer's (1 to 8: 1 is 10.9.0.2 or fd09::2, 2 is 10.9.0.3 or fd09::3, … 8 is 10.9.0.9)")]
    [InlineData(Start + "< data 2000 length 1500\n", 3, "'length' maps one segment: at most 1200 octets, without 'ahead'")]
    [InlineData(Start + "< data 100 infinite length 10\n", 3, "'length': one mapping form a step (length L, infinite, capable or edit)")]
    [InlineData(Start + "< data 100\n< data 100 capable\n", 4, "'capable' is the first data of a connection the peer opened ('< connect'), on subflow 0 (RFC 8684 §3.1)")]
    [InlineData(Start + "kernel send 100\n", 3, "'kernel send' needs the kernel's client: 'kernel connect … send N open' first")]
    [InlineData("kernel connect port 9000 send 100\nkernel send 100\n", 2, "'kernel send': the kernel's client has closed its direction (it was started without 'open', or 'kernel close' came before)")]
    [InlineData("kernel connect port 9000 send 100 open\nkernel close\nkernel close\n", 3, "'kernel close': the kernel's client has closed its direction (it was started without 'open', or 'kernel close' came before)")]
    [InlineData("kernel connect port 9000 send 100 open\nkernel send 100\n> connect\n> data 300\n", 4, "'> data 300' can never hold: the kernel's application sends 200 octets")]
    [InlineData("kernel listen 8080\n< connect wscale 15\n", 2, "'15' is not a window scale shift (0 to 14)")]
    [InlineData(Start + "< data 10 on 0 please\n", 3, "unexpected 'please' (after '< data N': on S, bad-csum, ahead K, length L, infinite, capable, edit LEN AT:HEX…)")]
    [InlineData(Start + "< fin on 0 please\n", 3, "unexpected 'please'")]
    [InlineData(Start + "< raw 1e035\n", 3, "'1e035' is not hex octets (two hex digits each, e.g. 1e0351)")]
    public void A_bad_line_is_refused_with_its_number_and_the_reason(string script, int line, string reason)
    {
        string path = Path.Combine(_folder, "bad.peer");
        File.WriteAllText(path, script);
        (int exit, string output, string error) = Tool.Run("peer", path);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal($"mptcp-dump: {path}:{line}: {reason}", error.Trim());
    }

    [Fact]
    public void The_new_words_parse_into_their_steps()
    {
        PeerScript script = PeerScript.Parse(
            "kernel listen 8080\n< connect csum sack ts wscale 7 from 8\n< data 1000 capable bad-csum\n< data 900 on 0 length 1500\n< data 10 infinite\n" +
            "< join from 3 id 2 ack-id 9 ack-backup\n");
        Assert.Empty(script.Errors);
        var connect = (ConnectStep)script.Steps[1];
        Assert.Equal((new Mptcp.Codec.Peer.Tcp.TcpFeatures(true, true, 7), 7, true), (connect.Features, connect.From, connect.Checksums));
        Assert.Equal((MappingForm.Capable, true, (int?)null), (((SendDataStep)script.Steps[2]).Form, ((SendDataStep)script.Steps[2]).BadChecksum, ((SendDataStep)script.Steps[2]).DataLevelLength));
        Assert.Equal((MappingForm.Length, (int?)1500), (((SendDataStep)script.Steps[3]).Form, ((SendDataStep)script.Steps[3]).DataLevelLength));
        Assert.Equal(MappingForm.Infinite, ((SendDataStep)script.Steps[4]).Form);
        var join = (JoinStep)script.Steps[5];
        Assert.Equal((2, (byte)2, new Mptcp.Codec.Peer.Mptcp.JoinThirdAck(9, true)), (join.From, join.AddressId, join.ThirdAck));
        Assert.Equal("10.9.0.9", Mptcp.Codec.Peer.PeerHost.Peer(PeerScript.AddressOf("8"), ipv6: false).ToString());
        Assert.Equal(7, PeerScript.AddressOf("fd09::9"));
    }

    [Fact]
    public void Edits_of_the_valid_options_parse_where_fuzz_kernel_writes_them()
    {
        PeerScript script = PeerScript.Parse(
            "kernel listen 8080\n< connect third-ack edit 22 1:16 20:0001\n< data 200 edit 28 16:0000\n< join edit 12 3:02\n< join third-ack edit 24 7:ff\n" +
            "< add-addr 2 id 1 edit 16 3:21\n< fastclose edit 12 4:00\n< mp-fail edit 12 11:01\n");
        Assert.Empty(script.Errors);
        Assert.Equal("edit 22 1:16 20:0001", ((ConnectStep)script.Steps[1]).ThirdAckEdit!.ToString());
        Assert.Equal((MappingForm.Edited, "edit 28 16:0000"), (((SendDataStep)script.Steps[2]).Form, ((SendDataStep)script.Steps[2]).Edit!.ToString()));
        Assert.Equal("edit 12 3:02", ((JoinStep)script.Steps[3]).SynEdit!.ToString());
        Assert.Equal("edit 24 7:ff", ((JoinStep)script.Steps[4]).ThirdAckEdit!.ToString());
        Assert.Equal("edit 16 3:21", ((AddAddressStep)script.Steps[5]).Edit!.ToString());
        Assert.Equal("edit 12 4:00", ((FastCloseStep)script.Steps[6]).Edit!.ToString());
        Assert.Equal("edit 12 11:01", ((SendFailStep)script.Steps[7]).Edit!.ToString());
    }

    [Fact]
    public void A_kernel_client_kept_open_sends_and_closes_in_steps()
    {
        PeerScript script = PeerScript.Parse("kernel connect port 9000 send 100 open\n> connect\n> data 100\nkernel send 50\n> data 150\nkernel close\n> data-fin\ncounter MPCapableSYNTX +1\n");
        Assert.Empty(script.Errors);
        Assert.True(((KernelConnectStep)script.Steps[0]).KeepOpen);
        Assert.Equal(50, ((KernelSendStep)script.Steps[3]).Octets);
        Assert.IsType<KernelCloseStep>(script.Steps[5]);
    }

    [Fact]
    public void Words_may_be_separated_by_tabs()
    {
        PeerScript script = PeerScript.Parse("kernel\tlisten 8080\n<\tconnect\n< data\t\t100 on 0\n> data 100\twithin 500\n");
        Assert.Empty(script.Errors);
        Assert.Equal((100, 500), (((SendDataStep)script.Steps[2]).Octets, ((ExpectDataStep)script.Steps[3]).WithinMs));
    }

    [Fact]
    public void A_counter_the_kernel_does_not_have_is_a_mistake_naming_the_closest_one()
    {
        // Names as /proc/net/netstat lists them on Linux 6.x (MPTcpExt line).
        string[] kernel = ["MPCapableSYNRX", "MPJoinSynRx", "MPJoinAckRx", "MPJoinAckHMacFailure", "AddAddr", "RmAddr"];
        PeerScript script = PeerScript.Parse(Start + "counter MPJoinAckRX +0\ncounter MPTcpExtAddAddr >= 1\ncounter Fireworks +1\n");
        Assert.Empty(script.Errors);
        Assert.Equal(
            ["3: 'MPJoinAckRX' is no MPTcpExt counter of this kernel (did you mean 'MPJoinAckRx'?)", "5: 'Fireworks' is no MPTcpExt counter of this kernel"],
            script.CheckCounters(kernel).Select(e => $"{e.Line}: {e.Message}"));
    }

    [Fact]
    public void Every_mistake_of_a_script_is_reported_not_only_the_first()
    {
        PeerScript script = PeerScript.Parse("kernel listen 8080\n< connect\n< data\n# a comment\n> reset on 9\n< fastclose now\n");
        Assert.Equal(new[] { 3, 5, 6 }, script.Errors.Select(e => e.Line));
    }

    [Fact]
    public void The_sample_scripts_parse_without_a_mistake()
    {
        string[] scripts = Directory.GetFiles(Path.Combine(Samples.Root, "samples", "peer"), "*.peer");
        Assert.True(scripts.Length >= 12, $"{scripts.Length} sample scripts");
        foreach (string path in scripts)
        {
            PeerScript script = PeerScript.Parse(File.ReadAllText(path));
            Assert.True(script.Errors.Count == 0, $"{path}: {string.Join("; ", script.Errors)}");
            Assert.Contains(script.Steps, s => s is CounterStep);
        }
    }
}
