using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Loss on one path of the namespace (issue 14), as samples/captures/make-loss-captures.sh makes it: nftables drops
/// segments on the input hook, after tcpdump on lo has seen them, so the capture holds the originals, their
/// retransmissions and the reinjections.
/// </summary>
internal sealed partial class LiveNamespace
{
    /// <summary>The initial subflow 127.0.0.1 ↔ 127.0.0.1 in both directions, SYN and RST spared; joins always have another address at one end.</summary>
    public const string InitialPath = "ip saddr 127.0.0.1 ip daddr 127.0.0.1 tcp flags & (syn | rst) == 0";

    private const string Table = "mptcp_loss";

    /// <summary>
    /// lo with an MTU of 1500 and no segmentation offloads (segments of normal size, so a drop loses a segment, not
    /// 64 KB), and an empty nftables chain <c>inet mptcp_loss in</c> on <paramref name="hook"/> (input; forward in a
    /// namespace that routes between two others).
    /// </summary>
    public void PrepareImpairment(string hook = "input")
    {
        IpN("link", "set", "lo", "mtu", "1500");
        Exec(LiveEnvironment.Ethtool, "-K", "lo", "gso", "off", "tso", "off", "gro", "off");
        Exec(LiveEnvironment.Nft, "add", "table", "inet", Table);
        Exec(LiveEnvironment.Nft, "add", "chain", "inet", Table, "in", $"{{ type filter hook {hook} priority 0; policy accept; }}");
    }

    /// <summary>Adds a rule to the chain, e.g. <c>InitialPath + " counter drop"</c>.</summary>
    public void AddDropRule(string rule) => Exec(LiveEnvironment.Nft, ["add", "rule", "inet", Table, "in", .. rule.Split(' ')]);

    /// <summary>
    /// Removes every rule; returns what their counters said. An accept rule goes first at the head of the chain, so
    /// that the counters are final when read: a packet dropped between reading and flushing would go uncounted.
    /// </summary>
    public string FlushRules()
    {
        Exec(LiveEnvironment.Nft, "insert", "rule", "inet", Table, "in", "accept");
        string rules = Exec(LiveEnvironment.Nft, "list", "chain", "inet", Table, "in");
        Exec(LiveEnvironment.Nft, "flush", "chain", "inet", Table, "in");
        return string.Join("; ", rules.Split('\n').Where(l => l.Contains("counter", StringComparison.Ordinal)).Select(l => l.Trim()));
    }

    /// <summary>The kernel's MPTcpExt counters of this namespace (/proc/net/netstat), by name without the prefix.</summary>
    public IReadOnlyDictionary<string, long> MptcpCounters()
    {
        string[] lines = Exec("cat", "/proc/net/netstat").Split('\n');
        string[] names = lines.First(l => l.StartsWith("MPTcpExt:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] values = lines.Where(l => l.StartsWith("MPTcpExt:", StringComparison.Ordinal)).ElementAt(1).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return names.Skip(1).Zip(values.Skip(1)).ToDictionary(p => p.First, p => long.Parse(p.Second, CultureInfo.InvariantCulture));
    }
}
