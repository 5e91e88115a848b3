using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// <c>mptcp-dump pair</c> on a run captured at both ends: a client namespace with two paths to a router namespace, a
/// server namespace behind the router, one tcpdump at each end. The router's nftables forward chain black-holes the
/// first path for a second mid-transfer, so the kernel reinjects on the second. Judged against what others say: each
/// match is the same segment in both captures as tshark reads them (raw sequence and acknowledgement numbers, length,
/// IP id), each one-way delay is the difference of the two frames' timestamps as tshark prints them, the losses are
/// exactly what nftables counted as dropped, and the reinjections of data the router dropped are useful.
/// </summary>
public sealed partial class PairTests
{
    private const int Port = 20180;

    [SkippableFact]
    public void Both_ends_of_a_run_with_a_black_holed_path()
    {
        using var client = new LiveNamespace("pair-client", checksums: false);
        using var router = new LiveNamespace("pair-router", checksums: false);
        using var server = new LiveNamespace("pair-server", checksums: false);
        bool passed = false;
        try
        {
            Link(client, "c1", "10.31.1.1", router, "r1", "10.31.1.254");
            Link(client, "c2", "10.31.2.1", router, "r2", "10.31.2.254");
            Link(server, "s1", "10.31.3.1", router, "r3", "10.31.3.254");
            router.Sysctl("net.ipv4.ip_forward=1");
            client.IpN("route", "add", "default", "via", "10.31.1.254");
            client.IpN("rule", "add", "from", "10.31.2.1", "table", "102");
            client.IpN("route", "add", "default", "via", "10.31.2.254", "dev", "c2", "table", "102");
            server.IpN("route", "add", "default", "via", "10.31.3.254");
            client.Mptcp("endpoint", "add", "10.31.2.1", "id", "2", "dev", "c2", "subflow");
            router.PrepareImpairment(hook: "forward");

            byte[] payload = Pattern(300_000, seed: 31);
            string payloadFile = client.File("payload.bin");
            File.WriteAllBytes(payloadFile, payload);
            string port = Port.ToString(CultureInfo.InvariantCulture);
            client.StartCapture("any");
            server.StartCapture("any");
            LiveProcess listener = server.StartPeer("server", "server", "0.0.0.0", port, "--connections", "1", "--received", server.File("received.bin"), "--timeout-ms", "30000");
            listener.WaitForLine("listening", 30_000);
            LiveProcess sender = client.StartPeer("client", "client", "10.31.3.1", port, "--send", payloadFile, "--received", client.File("received.bin"),
                "--timeout-ms", "30000", "--chunks", "3", "--delay-ms", "300", "--wait-subflows", "1", "--pause-after", "1");
            sender.WaitForLine("paused 1", 30_000);
            router.AddDropRule("ip saddr 10.31.1.1 tcp flags & (syn | rst) == 0 counter drop");
            router.AddDropRule("ip daddr 10.31.1.1 tcp flags & (syn | rst) == 0 counter drop");
            sender.WriteLine("go");
            Thread.Sleep(1000);
            string rules = router.FlushRules();
            Assert.True(sender.WaitForExit(60_000), $"the client did not finish\n{sender.Transcript()}");
            Assert.True(listener.WaitForExit(30_000), $"the server did not finish\n{listener.Transcript()}");
            Assert.True(sender.ExitCode == 0 && listener.ExitCode == 0, $"client {sender.ExitCode}, server {listener.ExitCode}\n{sender.Transcript()}\n{listener.Transcript()}");
            Thread.Sleep(250);
            client.StopCapture();
            server.StopCapture();

            long dropped = DroppedRegex().Matches(rules).Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.True(dropped > 0, $"nftables dropped nothing: {rules}");
            var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "pair", client.CapturePath, server.CapturePath, "--format", "json"], 120_000, check: false);
            Assert.True(exit == 0, $"pair exited with {exit}: {stderr}");
            string[] lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            TsharkPair.Counts counts = TsharkPair.AssertAgree(client.CapturePath, server.CapturePath, lines);
            Assert.True(counts.Lost == dropped, $"pair: {counts.Lost} lost between the captures; nftables dropped {dropped} ({rules})");
            Assert.Equal(0, counts.SeenOnlyAtReceiver);
            Assert.All(lines.Where(l => l.StartsWith("{\"type\":\"lost\"", StringComparison.Ordinal)), l => Assert.Contains("\"10.31.1.1\"", l, StringComparison.Ordinal));
            Assert.True(counts.Useful > 0 && counts.VerdictsCheckedByTshark > 0, $"no useful reinjection after the black hole, or none tshark sees: {counts}");
            if (Environment.GetEnvironmentVariable("MPTCP_PAIR_SAMPLE_DIR") is { Length: > 0 } keep)
            {
                File.Copy(client.CapturePath, Path.Combine(keep, "v1-pair-client.pcap"), overwrite: true);
                File.Copy(server.CapturePath, Path.Combine(keep, "v1-pair-server.pcap"), overwrite: true);
            }

            passed = true;
        }
        finally
        {
            client.KeepWorkDir = server.KeepWorkDir = !passed;
        }
    }

    /// <summary>A veth pair between two namespaces, addressed /24 at both ends, without segmentation offloads (a drop loses one segment).</summary>
    private static void Link(LiveNamespace a, string nameA, string addressA, LiveNamespace b, string nameB, string addressB)
    {
        a.IpN("link", "add", nameA, "type", "veth", "peer", "name", nameB, "netns", b.Name);
        a.IpN("addr", "add", addressA + "/24", "dev", nameA);
        b.IpN("addr", "add", addressB + "/24", "dev", nameB);
        a.IpN("link", "set", nameA, "up");
        b.IpN("link", "set", nameB, "up");
        a.Exec(LiveEnvironment.Ethtool, "-K", nameA, "gso", "off", "tso", "off", "gro", "off");
        b.Exec(LiveEnvironment.Ethtool, "-K", nameB, "gso", "off", "tso", "off", "gro", "off");
    }

    private static byte[] Pattern(int length, uint seed)
    {
        var random = new Random((int)seed);
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    [GeneratedRegex(@"counter packets (\d+)")]
    private static partial Regex DroppedRegex();
}
