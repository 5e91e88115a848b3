using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using Mptcp.Codec.Peer.Packetdrill.Run;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Peer.Packetdrill;

/// <summary>How a packetdrill run ended.</summary>
public enum PacketdrillVerdict
{
    /// <summary>Every line held (packetdrill's exit status 0).</summary>
    Held,

    /// <summary>A line did not hold: a packet field, a time, a system call's result (exit status 1).</summary>
    Failed,

    /// <summary>The script cannot be parsed (exit status 2).</summary>
    BadScript,
}

/// <summary>A run's verdict, and for one that did not hold the script's line and packetdrill's sentence for it.</summary>
/// <param name="Verdict">How it ended.</param>
/// <param name="Line">The line (1-based) that failed or could not be parsed; 0 when it held.</param>
/// <param name="Message">What went wrong, in packetdrill's words; further lines show the packets.</param>
public sealed record PacketdrillOutcome(PacketdrillVerdict Verdict, int Line, string Message);

/// <summary>
/// Runs packetdrill scripts, the language of Linux's MPTCP test suite, against the kernel of this machine: each in a
/// network namespace of its own with a TUN device named tun0, as packetdrill runs under run_all.py. The keys, tokens,
/// IDSNs and checksums come from the SDK; every packet is built by <see cref="Packets.TcpPacketBuilder"/>.
/// </summary>
public static class PacketdrillRunner
{
    /// <summary>The names of the runs' namespaces: this, then the process id (a killed run's is deleted by the next).</summary>
    public const string NamespacePrefix = ScriptRun.NamespacePrefix;

    /// <summary>The options run_all.py gives a run of <paramref name="family"/> (ipv4, ipv4-mapped-ipv6, ipv6), with <paramref name="overrides"/> over them (all but ip_version).</summary>
    public static Dictionary<string, string?> RunAllOptions(string family, IReadOnlyDictionary<string, string?> overrides)
    {
        Dictionary<string, string?> options = family == "ipv6"
            ? new() { ["ip_version"] = "ipv6", ["mtu"] = "1520", ["local_ip"] = "fd3d:fa7b:d17d::0", ["gateway_ip"] = "fd3d:fa7b:d17d:8888::0", ["remote_ip"] = "2001:DB8::1/32" }
            : new() { ["ip_version"] = family, ["local_ip"] = "192.168.0.2", ["gateway_ip"] = "192.168.0.1", ["netmask_ip"] = "255.255.0.0", ["remote_ip"] = "192.0.2.1/24" };
        ArgumentNullException.ThrowIfNull(overrides);
        foreach ((string key, string? value) in overrides)
        {
            if (value is not null && key != "ip_version")
            {
                options[key] = value;
            }
        }

        return options;
    }

    /// <summary>The -D defines run_all.py gives a run of <paramref name="family"/>, with <paramref name="defines"/> over them.</summary>
    public static Dictionary<string, string> RunAllDefines(string family, IReadOnlyDictionary<string, string> defines)
    {
        ArgumentNullException.ThrowIfNull(defines);
        var all = new Dictionary<string, string>
        {
            ["TFO_COOKIE"] = family == "ipv6" ? "6aa6ae70c288023b" : "de4f234f0f433a55",
            ["CMSG_LEVEL_IP"] = family == "ipv4" ? "SOL_IP" : "SOL_IPV6",
            ["CMSG_TYPE_RECVERR"] = family == "ipv4" ? "IP_RECVERR" : "IPV6_RECVERR",
        };
        foreach ((string k, string v) in defines)
        {
            all[k] = v;
        }

        return all;
    }

    /// <summary>
    /// Runs the script <paramref name="text"/> (read from <paramref name="path"/>, whose folder its commands run in)
    /// in a network namespace of its own, with packetdrill's options by their long names
    /// (<c>ip_version</c>, <c>local_ip</c>, <c>remote_ip</c> with its prefix, <c>gateway_ip</c>, <c>netmask_ip</c>,
    /// <c>mtu</c>, <c>tolerance_usecs</c>) over the script's own, and its <c>-D</c> defines. Needs root.
    /// </summary>
    public static PacketdrillOutcome Run(string path, string text, IReadOnlyDictionary<string, string?> options, IReadOnlyDictionary<string, string> defines)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        PacketdrillScript script;
        RunSettings settings;
        try
        {
            script = ScriptParser.Parse(text, defines);
            settings = Settings(script, options, defines);
        }
        catch (PacketdrillSyntaxException e)
        {
            return new PacketdrillOutcome(PacketdrillVerdict.BadScript, e.Line, e.Message);
        }

        RunOutcome outcome = new ScriptRun(script, settings, Path.GetDirectoryName(Path.GetFullPath(path))!).Run();
        return outcome.Held ? new PacketdrillOutcome(PacketdrillVerdict.Held, 0, "") : new PacketdrillOutcome(PacketdrillVerdict.Failed, outcome.Line, outcome.Message);
    }

    /// <summary>Parses <paramref name="text"/> without running it: null when it parses, else its line and what is wrong (<see cref="PacketdrillVerdict.BadScript"/>).</summary>
    public static PacketdrillOutcome? Check(string text, IReadOnlyDictionary<string, string> defines)
    {
        try
        {
            ScriptParser.Parse(text, defines);
            return null;
        }
        catch (PacketdrillSyntaxException e)
        {
            return new PacketdrillOutcome(PacketdrillVerdict.BadScript, e.Line, e.Message);
        }
    }

    /// <summary>The families run_all.py runs a script in, by its name: v6.pkt IPv6 only, v4.pkt IPv4 and IPv4-mapped IPv6, others all three.</summary>
    public static string[] Families(string path) =>
        path.EndsWith("v6.pkt", StringComparison.Ordinal) ? ["ipv6"]
        : path.EndsWith("v4.pkt", StringComparison.Ordinal) ? ["ipv4", "ipv4-mapped-ipv6"]
        : ["ipv4", "ipv4-mapped-ipv6", "ipv6"];

    // The script's --options, then the command line's over them, as packetdrill takes them.
    private static RunSettings Settings(PacketdrillScript script, IReadOnlyDictionary<string, string?> cli, IReadOnlyDictionary<string, string> defines)
    {
        var options = script.Options.ToDictionary(o => o.Name, o => o.Value);
        foreach ((string key, string? value) in cli)
        {
            if (value is not null)
            {
                options[key] = value;
            }
        }

        var settings = new RunSettings { Defines = defines };
        foreach ((string name, string? value) in options)
        {
            int line = script.Options.FirstOrDefault(o => o.Name == name)?.Line ?? 0;
            settings = name switch
            {
                "ip_version" => settings with { IPVersion = value switch { "ipv4" => IPVersion.IPv4, "ipv6" => IPVersion.IPv6, "ipv4-mapped-ipv6" => IPVersion.IPv4MappedIPv6, _ => throw new PacketdrillSyntaxException(line, $"--ip_version={value}: expected ipv4, ipv6 or ipv4-mapped-ipv6") } },
                "local_ip" => settings with { LocalAddress = Address(value, line, name) },
                "gateway_ip" => settings with { GatewayAddress = Address(value, line, name) },
                "remote_ip" => Remote(settings, value, line),
                "netmask_ip" => settings with { LocalPrefixLength = PrefixOf(value, line) },
                "mtu" => settings with { Mtu = (int)Number(value, line, name) },
                "tolerance_usecs" => settings with { ToleranceMicroseconds = Number(value, line, name) },
                _ => settings, // options this runner has no use for (packetdrill's --send_omit_free, --mss …) change nothing here
            };
        }

        // IPv6 addresses need their own defaults when only the family was given.
        if (settings.IPVersion == IPVersion.IPv6 && settings.LocalAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            settings = settings with
            {
                LocalAddress = options.ContainsKey("local_ip") ? settings.LocalAddress : IPAddress.Parse("fd3d:fa7b:d17d::0"),
                LocalPrefixLength = options.ContainsKey("netmask_ip") ? settings.LocalPrefixLength : 48,
                GatewayAddress = options.ContainsKey("gateway_ip") ? settings.GatewayAddress : IPAddress.Parse("fd3d:fa7b:d17d:8888::0"),
                RemoteAddress = options.ContainsKey("remote_ip") ? settings.RemoteAddress : IPAddress.Parse("2001:DB8::1"),
                RemotePrefixLength = options.ContainsKey("remote_ip") ? settings.RemotePrefixLength : 32,
            };
        }

        return settings;
    }

    private static RunSettings Remote(RunSettings settings, string? value, int line)
    {
        string[] parts = (value ?? "").Split('/');
        return settings with
        {
            RemoteAddress = Address(parts[0], line, "remote_ip"),
            RemotePrefixLength = parts.Length > 1 ? (int)Number(parts[1], line, "remote_ip") : settings.RemotePrefixLength,
        };
    }

    private static int PrefixOf(string? value, int line)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int prefix))
        {
            return prefix;
        }

        byte[] mask = Address(value, line, "netmask_ip").GetAddressBytes();
        return mask.Sum(b => System.Numerics.BitOperations.PopCount(b));
    }

    private static IPAddress Address(string? value, int line, string name) =>
        IPAddress.TryParse(value, out IPAddress? address) ? address : throw new PacketdrillSyntaxException(line, $"--{name}={value}: not an address");

    private static long Number(string? value, int line, string name) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : throw new PacketdrillSyntaxException(line, $"--{name}={value}: not a number");
}
