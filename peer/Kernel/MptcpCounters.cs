using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Peer.Network;

namespace Mptcp.Codec.Peer.Kernel;

/// <summary>
/// The kernel's own verdicts: the <c>MPTcpExt</c> counters of a network namespace (<c>/proc/net/netstat</c>, what
/// <c>nstat -az 'MPTcpExt*'</c> prints), by name without the prefix. They stay 0 until the namespace's first MPTCP socket.
/// </summary>
public sealed class MptcpCounters
{
    private readonly Dictionary<string, long> _values;

    private MptcpCounters(Dictionary<string, long> values) => _values = values;

    /// <summary>The counter <paramref name="name"/> (e.g. <c>MPCapableSYNRX</c>); 0 for one this kernel does not have.</summary>
    public long this[string name] => _values.GetValueOrDefault(name);

    /// <summary>The names of the counters this kernel has (none when it has no MPTCP).</summary>
    public IReadOnlyCollection<string> Names => _values.Keys;

    /// <summary>Reads the counters of <paramref name="ns"/> now.</summary>
    public static MptcpCounters Read(NetworkNamespace ns) => Parse(ns.Run("cat", "/proc/net/netstat"));

    /// <summary>Parses /proc/net/netstat: a line of names and a line of values, both starting <c>MPTcpExt:</c>.</summary>
    public static MptcpCounters Parse(string netstat)
    {
        string[][] lines = netstat.Split('\n').Where(l => l.StartsWith("MPTcpExt:", StringComparison.Ordinal))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        var values = new Dictionary<string, long>();
        if (lines.Length == 2)
        {
            for (int i = 1; i < lines[0].Length && i < lines[1].Length; i++)
            {
                values[lines[0][i]] = long.Parse(lines[1][i], CultureInfo.InvariantCulture);
            }
        }

        return new MptcpCounters(values);
    }

    /// <summary>The counters that changed from <paramref name="before"/> to this, with their change.</summary>
    public IReadOnlyDictionary<string, long> Since(MptcpCounters before) =>
        _values.Where(kv => kv.Value != before[kv.Key]).ToDictionary(kv => kv.Key, kv => kv.Value - before[kv.Key]);
}
