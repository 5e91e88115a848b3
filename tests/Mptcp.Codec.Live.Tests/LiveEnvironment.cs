using System;
using System.IO;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// What the live tests need from the machine. A kernel without MPTCP makes every live test skip with one line
/// (<see cref="SkipUnlessMptcp"/>); anything else that is missing (root, ip, tcpdump, tshark, the peer) fails.
/// </summary>
internal static class LiveEnvironment
{
    public const string MptcpSysctl = "/proc/sys/net/mptcp/enabled";

    private static readonly Lazy<string?> s_noMptcp = new(ProbeMptcp);

    /// <summary>Skips the calling test, with one line, when the kernel has no MPTCP; otherwise checks the tools.</summary>
    public static void SkipUnlessMptcp()
    {
        Skip.If(s_noMptcp.Value is not null, s_noMptcp.Value);
        Require();
    }

    public static string Ip => Tool("ip", "iproute2");

    public static string Tcpdump => Tool("tcpdump", "tcpdump");

    public static string Tshark => Tool("tshark", "tshark");

    /// <summary>nftables: the loss scenarios drop segments with it.</summary>
    public static string Nft => Tool("nft", "nftables");

    /// <summary>The loss scenarios turn lo's segmentation offloads off with it.</summary>
    public static string Ethtool => Tool("ethtool", "ethtool");

    /// <summary>The dotnet host that runs the tests, which also runs the peer.</summary>
    public static string Dotnet
    {
        get
        {
            string? self = Environment.ProcessPath;
            if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                return self;
            }

            string? root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
            if (root is not null && File.Exists(Path.Combine(root, "dotnet")))
            {
                return Path.Combine(root, "dotnet");
            }

            return Shell.Which("dotnet") ?? throw new InvalidOperationException("live tests: cannot find the dotnet host to run the peer");
        }
    }

    /// <summary>The peer, copied next to the test assembly by the project reference.</summary>
    public static string PeerDll
    {
        get
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "Mptcp.Codec.Live.Peer.dll");
            string config = Path.ChangeExtension(dll, ".runtimeconfig.json");
            if (!File.Exists(dll) || !File.Exists(config))
            {
                throw new InvalidOperationException($"live tests: the peer is not built next to the tests ({dll} and its runtimeconfig.json)");
            }

            return dll;
        }
    }

    /// <summary>mptcp-dump, copied next to the test assembly by the project reference.</summary>
    public static string ToolDll => Built("mptcp-dump.dll");

    private static string Built(string name)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, name);
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"live tests: {name} is not built next to the tests (nor its runtimeconfig.json)");
        }

        return dll;
    }

    private static void Require()
    {
        if (!Shell.IsRoot)
        {
            throw new InvalidOperationException(
                "live tests need root (network namespaces, tcpdump): run `sudo dotnet test tests/Mptcp.Codec.Live.Tests`");
        }

        _ = Ip;
        _ = Tcpdump;
        _ = Tshark;
        _ = PeerDll;
    }

    private static string Tool(string name, string package) =>
        Shell.Which(name) ?? throw new InvalidOperationException($"live tests need `{name}` (Debian package {package})");

    /// <summary>Null when the kernel has MPTCP, else the one-line reason to skip.</summary>
    private static string? ProbeMptcp()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "live MPTCP tests need Linux (MPTCP is a Linux kernel feature here)";
        }

        if (!File.Exists(MptcpSysctl))
        {
            return $"the kernel has no MPTCP ({MptcpSysctl} is missing: CONFIG_MPTCP is off)";
        }

        // A value of 0 in this namespace does not matter: every test sets net.mptcp.enabled=1 in its own namespace,
        // and LiveNamespace skips if that cannot be done.
        return null;
    }
}
