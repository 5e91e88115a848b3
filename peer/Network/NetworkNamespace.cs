using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Mptcp.Codec.Peer.Network;

/// <summary>
/// A named network namespace (<c>ip netns add</c>) made for one run and deleted after it. <see cref="Enter"/> moves
/// only the calling thread into it (setns(2) acts per thread): TUN devices and sockets that thread creates belong to
/// the namespace for their whole life, whichever thread uses them later.
/// </summary>
public sealed class NetworkNamespace : IDisposable
{
    private bool _created;

    private NetworkNamespace(string? name) => Name = name;

    /// <summary>The namespace's name; null for the one the process was started in (<see cref="Current"/>).</summary>
    public string? Name { get; }

    /// <summary>The namespace the process runs in, which a run uses as it is and does not delete.</summary>
    public static NetworkNamespace Current() => new(null);

    /// <summary>
    /// Whether the process may be in the machine's initial network namespace, where a run would put its TUN device and
    /// addresses beside the machine's own: false when it is in a named namespace (<c>ip netns identify</c> names it) or
    /// in another one than process 1's; true when neither can be shown (process 1's may not be readable).
    /// </summary>
    public static bool IsInitial()
    {
        if (Exec("ip", ["netns", "identify"]).Trim().Length > 0)
        {
            return false;
        }

        try
        {
            return File.ResolveLinkTarget("/proc/self/ns/net", returnFinalTarget: false)?.ToString() == File.ResolveLinkTarget("/proc/1/ns/net", returnFinalTarget: false)?.ToString();
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return true;
        }
    }

    /// <summary>Creates the namespace with its loopback up.</summary>
    public static NetworkNamespace Create(string name)
    {
        var ns = new NetworkNamespace(name);
        Ip("netns", "add", name);
        ns._created = true;
        ns.Run("ip", "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Moves the calling thread into the namespace.</summary>
    public void Enter()
    {
        if (Name is null)
        {
            return;
        }

        int fd = Native.Open($"/run/netns/{Name}", Native.OCloexec);
        if (fd < 0)
        {
            throw new IOException($"cannot open /run/netns/{Name}: {Native.Error()}");
        }

        try
        {
            if (Native.SetNs(fd, Native.CloneNewNet) < 0)
            {
                throw new IOException($"setns {Name}: {Native.Error()}");
            }
        }
        finally
        {
            Native.Close(fd);
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a thread of its own that has entered the namespace (setns(2) is per thread, so
    /// the caller's thread never changes namespace), and waits for it; an exception of the body is thrown again here.
    /// </summary>
    public void RunInside(Action body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter();
                body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { Name = $"namespace {Name ?? "here"}" };
        thread.Start();
        thread.Join();
        failure?.Throw();
    }

    /// <summary>Runs a command inside the namespace (<c>ip netns exec NAME …</c>) and returns its output; throws on failure.</summary>
    public string Run(string file, params string[] args) => Name is null ? Exec(file, args) : Ip(["netns", "exec", Name, file, .. args]);

    /// <summary>Deletes the namespace <paramref name="name"/> if it exists (a signal's cleanup: never throws).</summary>
    public static void Delete(string name)
    {
        try
        {
            if (File.Exists($"/run/netns/{name}"))
            {
                Ip("netns", "del", name);
            }
        }
        catch (IOException)
        {
            // Already gone, or ip is: nothing more a cleanup can do.
        }
    }

    /// <summary>
    /// Deletes the namespaces named <paramref name="prefix"/> followed by the id of a process that no longer runs (a
    /// run killed before it could clean up), and returns their names.
    /// </summary>
    public static IReadOnlyList<string> DeleteLeftBehind(string prefix)
    {
        var deleted = new List<string>();
        if (!Directory.Exists("/run/netns"))
        {
            return deleted;
        }

        foreach (string path in Directory.EnumerateFiles("/run/netns", prefix + "*"))
        {
            string name = Path.GetFileName(path);
            if (int.TryParse(name.AsSpan(prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int pid)
                && !Directory.Exists($"/proc/{pid}"))
            {
                Delete(name);
                deleted.Add(name);
            }
        }

        return deleted;
    }

    /// <summary>Deletes the namespace (whatever still runs inside keeps it alive until it ends).</summary>
    public void Dispose()
    {
        if (_created)
        {
            _created = false;
            Ip("netns", "del", Name!);
        }
    }

    private static string Ip(params string[] args) => Exec("ip", args);

    private static string Exec(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start) ?? throw new IOException($"cannot start {file}");
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new IOException($"{file} {string.Join(' ', args)}: {errors.Result.Trim()} (exit {process.ExitCode})");
    }
}
