using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Packetdrill.Run.Packets;
using Mptcp.Codec.Peer.Packetdrill.Syntax;

namespace Mptcp.Codec.Peer.Packetdrill.Run;

// How a run ended: held, or the first line that did not (packetdrill's exit status 1), with its sentence.
internal sealed record RunOutcome(bool Held, int Line, string Message);

// One script in a network namespace of its own, as packetdrill runs it under run_all.py: tun0 with the local address,
// a route to the remote prefix through the gateway, the init command, then each event at its time. Every namespace
// and descriptor it makes is gone when it returns.
internal sealed class ScriptRun
{
    private readonly PacketdrillScript _script;
    private readonly RunSettings _settings;
    private readonly string _folder;

    public ScriptRun(PacketdrillScript script, RunSettings settings, string folder)
    {
        _script = script;
        _settings = settings;
        _folder = folder;
    }

    public const string Device = "tun0";

    // The namespaces of runs: one at a time in a process, named by its id, so that what a killed process left behind
    // is found and deleted by the next (NetworkNamespace.DeleteLeftBehind).
    public const string NamespacePrefix = "mptcp-pd-";

    private static readonly Lock OneAtATime = new();

    public RunOutcome Run()
    {
        lock (OneAtATime)
        {
            NetworkNamespace.DeleteLeftBehind(NamespacePrefix);
            using NetworkNamespace ns = NetworkNamespace.Create(NamespacePrefix + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            RunOutcome? outcome = null;
            ns.RunInside(() =>
            {
                using TunDevice tun = TunDevice.Create(Device);
                Configure(ns);
                outcome = Events(ns, new PacketRunner(_settings, tun));
            });
            return outcome!;
        }
    }

    private void Configure(NetworkNamespace ns)
    {
        bool v6 = _settings.IPVersion == IPVersion.IPv6;
        string family = v6 ? "-6" : "-4";
        ns.Run("ip", "link", "set", Device, "mtu", _settings.Mtu.ToString(System.Globalization.CultureInfo.InvariantCulture), "up");
        ns.Run("ip", [family, "addr", "add", $"{_settings.LocalAddress}/{_settings.LocalPrefixLength}", "dev", Device, .. v6 ? new[] { "nodad" } : []]);
        ns.Run("ip", family, "route", "add", $"{Network(_settings.RemoteAddress, _settings.RemotePrefixLength)}/{_settings.RemotePrefixLength}", "via", _settings.GatewayAddress.ToString(), "dev", Device, "onlink");
    }

    // The prefix an address is in (ip route takes 192.0.2.0/24, not 192.0.2.1/24).
    private static System.Net.IPAddress Network(System.Net.IPAddress address, int prefixLength)
    {
        byte[] octets = address.GetAddressBytes();
        for (int bit = prefixLength; bit < octets.Length * 8; bit++)
        {
            octets[bit / 8] &= (byte)~(0x80 >> (bit % 8));
        }

        return new System.Net.IPAddress(octets);
    }

    private RunOutcome Events(NetworkNamespace ns, PacketRunner packets)
    {
        if (_script.InitCommand is string init && Command(ns, init) is string initFailure)
        {
            return new RunOutcome(false, 1, initFailure);
        }

        using var syscalls = new SyscallRunner(_settings);
        var clock = Stopwatch.StartNew();
        foreach (ScriptEvent e in _script.Events)
        {
            // A relative time counts from the moment the event is reached (packetdrill counts from the previous
            // event's due time only between two inbound packets).
            long now = Micros(clock);
            long due = e.Time.Kind switch
            {
                TimeKind.Absolute => e.Time.Microseconds,
                TimeKind.Relative => now + e.Time.Microseconds,
                _ => now,
            };
            if (e.Action is PacketAction { Direction: Direction.Outbound } expected)
            {
                // The latest it may come: the end of a range (counted as its start is), else its time; * waits 10 s.
                long latest = e.Time.EndMicroseconds is long end ? (e.Time.Kind == TimeKind.Relative ? now + end : end) : due;
                long deadline = e.Time.Kind == TimeKind.Any ? now + 10_000_000 : latest + _settings.ToleranceMicroseconds;

                string? mismatch;
                long arrived;
                try
                {
                    mismatch = packets.Outbound(expected, () => deadline - Micros(clock), () => Micros(clock), out arrived);
                }
                catch (ScriptRunException x)
                {
                    return new RunOutcome(false, e.Line, x.Message);
                }

                if (mismatch is not null)
                {
                    return new RunOutcome(false, e.Line, mismatch);
                }

                if (e.Time.Kind != TimeKind.Any && arrived < due - _settings.ToleranceMicroseconds)
                {
                    return Timing(e, "outbound packet", due, arrived);
                }

                continue;
            }

            WaitUntil(clock, due);
            long started = Micros(clock);
            if (started > due + _settings.ToleranceMicroseconds)
            {
                return Timing(e, Description(e.Action), due, started);
            }

            string? failure;
            try
            {
                failure = e.Action switch
                {
                    SyscallAction { Blocking: EventTime end } call => Blocking(syscalls, call, end, now, clock, e),
                    SyscallAction call => syscalls.Run(call) is string s ? $"runtime error in {call.Name} call: {s}" : null,
                    CommandAction command => Command(ns, command.Command),
                    PacketAction inbound => packets.Inbound(inbound),
                    _ => throw new ScriptRunException("an event this runner does not know"),
                };
            }
            catch (ScriptRunException x)
            {
                failure = x.Message;
            }

            if (failure is not null)
            {
                return new RunOutcome(false, e.Line, failure);
            }

        }

        return new RunOutcome(true, 0, "");
    }

    // A call that blocks until END: made here and waited for (what wakes it must have been sent by an earlier line,
    // which is how the suite writes them), its return held against END within the tolerance.
    private string? Blocking(SyscallRunner syscalls, SyscallAction call, EventTime end, long anchor, Stopwatch clock, ScriptEvent e)
    {
        string? failure = syscalls.Run(call) is string s ? $"runtime error in {call.Name} call: {s}" : null;
        long returned = Micros(clock);
        long due = end.Kind == TimeKind.Relative ? anchor + end.Microseconds : end.Microseconds;
        return failure ?? (Math.Abs(returned - due) > _settings.ToleranceMicroseconds ? Timing(e, "system call return", due, returned).Message : null);
    }

    private RunOutcome Timing(ScriptEvent e, string what, long due, long happened) => new(false, e.Line, FormattableString.Invariant(
        $"timing error: expected {what} at {due / 1e6:F6} sec but happened at {happened / 1e6:F6} sec; tolerance {_settings.ToleranceMicroseconds / 1e6:F6} sec"));

    private static string Description(EventAction action) => action switch
    {
        SyscallAction => "system call start",
        CommandAction => "command",
        PacketAction { Direction: Direction.Inbound } => "inbound packet",
        _ => "outbound packet",
    };

    // `command`, by /bin/sh in the namespace and the script's folder, with packetdrill's OPT_* variables.
    private string? Command(NetworkNamespace ns, string command)
    {
        var start = new ProcessStartInfo("ip") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in new[] { "netns", "exec", ns.Name!, "/bin/sh", "-c", command })
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string key, string value) in CommandVariables(_settings))
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"non-zero status {process.ExitCode} from command: {command}{(output.Length > 0 ? "\n" + output.TrimEnd() : "")}";
    }

    // The variables packetdrill sets for its commands, and each -D define by its name.
    internal static System.Collections.Generic.IEnumerable<(string, string)> CommandVariables(RunSettings s)
    {
        string I(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return ("OPT_IP_VERSION", s.IPVersionName);
        yield return ("OPT_BIND_PORT", I(s.BindPort));
        yield return ("OPT_CONNECT_PORT", I(s.ConnectPort));
        yield return ("OPT_LOCAL_IP", s.LocalAddress.ToString());
        yield return ("OPT_REMOTE_IP", s.RemoteAddress.ToString());
        yield return ("OPT_GATEWAY_IP", s.GatewayAddress.ToString());
        yield return ("OPT_NETMASK_IP", Netmask(s));
        yield return ("OPT_MTU", I(s.Mtu));
        yield return ("OPT_TOLERANCE_USECS", I(s.ToleranceMicroseconds));
        yield return ("OPT_LOCAL_DEV", Device);
        foreach ((string name, string value) in s.Defines)
        {
            yield return (name, value);
        }
    }

    private static string Netmask(RunSettings s)
    {
        if (s.IPVersion == IPVersion.IPv6)
        {
            return I2(s.LocalPrefixLength);
        }

        uint mask = s.LocalPrefixLength == 0 ? 0 : uint.MaxValue << (32 - s.LocalPrefixLength);
        return $"{mask >> 24}.{(mask >> 16) & 255}.{(mask >> 8) & 255}.{mask & 255}";

        static string I2(int v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static long Micros(Stopwatch clock) => clock.Elapsed.Ticks / 10;

    private static void WaitUntil(Stopwatch clock, long due)
    {
        long left = due - Micros(clock);
        if (left > 2000)
        {
            Thread.Sleep(TimeSpan.FromTicks((left - 1000) * 10));
        }

        while (Micros(clock) < due)
        {
            Thread.SpinWait(50);
        }
    }
}
