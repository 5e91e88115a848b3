using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Mptcp.Codec.Peer.Network;

namespace Mptcp.Codec.Cli.Commands;

/// <summary>
/// The network namespace a command runs the peer in (PREFIX + its process id): namespaces of the same prefix left by
/// a run that was killed are deleted first, and this one goes before the process does on Ctrl-C, timeout's SIGTERM, a
/// closed terminal or an exit from another thread (a closed output).
/// </summary>
internal sealed class RunNamespace : IDisposable
{
    private readonly PosixSignalRegistration[] _signals;
    private readonly EventHandler _exiting;

    public RunNamespace(string prefix, TextWriter error, string command)
    {
        foreach (string gone in NetworkNamespace.DeleteLeftBehind(prefix))
        {
            error.WriteLine($"mptcp-dump: {command}: deleted the namespace {gone}, left behind by a run that was killed");
        }

        Name = prefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string name = Name;
        _signals = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, _ => NetworkNamespace.Delete(name)))];
        _exiting = (_, _) => NetworkNamespace.Delete(name);
        AppDomain.CurrentDomain.ProcessExit += _exiting;
    }

    /// <summary>The namespace's name.</summary>
    public string Name { get; }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _exiting;
        foreach (PosixSignalRegistration signal in _signals)
        {
            signal.Dispose();
        }
    }
}
