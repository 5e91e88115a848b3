using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Script;

/// <summary>What one step of a run came to.</summary>
/// <param name="Step">The step.</param>
/// <param name="Passed">Whether it did what it says (an expectation held; an action was done).</param>
/// <param name="Detail">What happened, in words (why it failed, or what was seen).</param>
/// <param name="Milliseconds">How long it took.</param>
public sealed record StepOutcome(Step Step, bool Passed, string Detail, long Milliseconds);

/// <summary>
/// Runs a <see cref="PeerScript"/> in a <see cref="PeerHost"/>, step by step, on the host's thread: it stops at the
/// first step that fails (what comes after depends on it) and reports every step done and the kernel's MPTcpExt
/// counters that moved during the run.
/// </summary>
public sealed class ScriptRunner
{
    private readonly PeerHost _host;
    private readonly List<byte> _sent = [];
    private KernelEcho? _application;
    private KernelClient? _client;
    private bool _ipv6;
    private PeerConnection? _connection;
    private MptcpCounters? _start;

    private ScriptRunner(PeerHost host) => _host = host;

    /// <summary>The outcome of each step run, in order.</summary>
    public List<StepOutcome> Outcomes { get; } = [];

    /// <summary>The counters that moved from the start of the run to its end.</summary>
    public IReadOnlyDictionary<string, long> CounterChanges { get; private set; } = new Dictionary<string, long>();

    /// <summary>
    /// The SDK's checks of what the kernel sent (<see cref="KernelVerifier"/>: the capture analysis, run on both
    /// directions as <c>read --verify</c> runs on a capture of the run).
    /// </summary>
    public VerificationCounts Verification { get; private set; } = new();

    /// <summary>Segments the peer's TCP sent again, on all subflows, and how many of them at duplicate ACKs rather than at a timeout.</summary>
    public (int All, int Fast) Retransmissions => _connection is null ? (0, 0)
        : (_connection.Subflows.Sum(f => f.Tcp.Retransmissions), _connection.Subflows.Sum(f => f.Tcp.FastRetransmissions));

    /// <summary>Whether every step passed.</summary>
    public bool Passed => Outcomes.All(o => o.Passed) && Outcomes.Count > 0;

    /// <summary>Runs <paramref name="script"/> (which must have no errors) in <paramref name="host"/>; <paramref name="progress"/> gets each outcome as it comes.</summary>
    public static ScriptRunner Run(PeerScript script, PeerHost host, Action<StepOutcome>? progress = null)
    {
        if (script.Errors.Count > 0)
        {
            throw new ArgumentException("the script has errors", nameof(script));
        }

        var runner = new ScriptRunner(host);
        runner._start = MptcpCounters.Read(host.Namespace);
        var verifier = new KernelVerifier();
        host.Link.Observed += verifier.Observe;
        try
        {
            foreach (Step step in script.Steps)
            {
                var clock = Stopwatch.StartNew();
                (bool passed, string detail) = runner.Do(step);
                // What the kernel sent during the step is checked as a capture would be: a wrong value fails the step.
                IReadOnlyList<string> wrong = verifier.TakeFailures();
                if (wrong.Count > 0)
                {
                    detail = passed ? $"{detail}; but {string.Join("; ", wrong)}" : $"{detail}; {string.Join("; ", wrong)}";
                    passed = false;
                }

                if (!passed && step is not ExpectResetStep)
                {
                    detail += runner.KernelResets();
                }

                var outcome = new StepOutcome(step, passed, detail, clock.ElapsedMilliseconds);
                runner.Outcomes.Add(outcome);
                progress?.Invoke(outcome);
                if (!passed)
                {
                    break;
                }
            }
        }
        finally
        {
            host.Link.Observed -= verifier.Observe;
            runner.Verification = verifier.KernelChecks;
            runner.CounterChanges = MptcpCounters.Read(host.Namespace).Since(runner._start);
            runner._application?.Dispose();
            runner._client?.Dispose();
        }

        return runner;
    }

    // "; the kernel had reset subflow S (MP_TCPRST reason R)" for each subflow it reset: often why a later step failed.
    private string KernelResets()
    {
        if (_connection is null)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        for (int i = 0; i < _connection.Subflows.Count; i++)
        {
            MptcpSubflow subflow = _connection.Subflows[i];
            if (subflow.ResetByKernel)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"; the kernel had reset subflow {i}");
                if (subflow.ResetOption is MpTcpRstOption reason)
                {
                    text.Append(System.Globalization.CultureInfo.InvariantCulture, $" (MP_TCPRST reason {(int)reason.Reason})");
                }
            }
        }

        return text.ToString();
    }

    private PeerConnection Connection => _connection ?? throw new InvalidOperationException("no connection");

    private (bool, string) Do(Step step)
    {
        try
        {
            return step switch
            {
                ShellStep s => Shell(s),
                KernelListenStep s => Listen(s),
                KernelConnectStep s => KernelConnect(s),
                KernelSendStep s => KernelSend(s),
                KernelCloseStep => KernelClose(),
                ExpectConnectStep s => Accept(s),
                ConnectStep s => Connect(s),
                SendDataStep s => SendData(s),
                ReinjectStep s => Reinject(s),
                SendDataFinStep s => Done(() => Connection.SendDataFin(s.On)),
                SendFinStep s => Done(() => Connection.SendFin(s.On)),
                JoinStep s => Join(s),
                AddAddressStep s => AddAddress(s),
                RemoveAddressStep s => Done(() => Connection.SendOption(new RemoveAddressOption { AddressIds = OctetList.Of(s.AddressIds) })),
                PrioStep s => Done(() => Connection.SendOption(new MpPrioOption { Backup = s.Backup }, s.On)),
                SendResetStep s => Done(() => Connection.SendReset(s.On, (TcpResetReason)s.Reason)),
                SendFailStep { Edit: OptionEdit e } => SendEdited(Connection.Fail(), e),
                SendFailStep => Done(() => Connection.SendOption(Connection.Fail())),
                SendRawStep s => Done(() => Connection.SendRaw(s.Octets, s.On, alone: true, s.Reset ? TcpFlags.Rst | TcpFlags.Ack : TcpFlags.Ack)),
                FastCloseStep { Edit: OptionEdit e } => SendEdited(Connection.FastClose(), e),
                FastCloseStep s => Done(() => Connection.SendOption(Connection.FastClose() with { ReceiverKey = Connection.RemoteKey ^ (s.BadKey ? 1UL : 0) })),
                ExpectStep s => Expect(s),
                CounterStep s => Counter(s),
                AppReceivedStep => AppReceived(),
                SleepStep s => (!Connection.WaitUntil(() => false, s.Milliseconds), $"waited {s.Milliseconds} ms"),
                _ => (false, $"no runner for {step.GetType().Name}"),
            };
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            return (false, e.Message);
        }
    }

    // The valid option (this run's keys) edited, alone on an ACK.
    private (bool, string) SendEdited(in MptcpOption option, OptionEdit edit)
    {
        byte[] octets = edit.Apply(PeerConnection.Encode(option));
        Connection.SendRaw(octets, 0, alone: true);
        return (true, $"{option.Kind} edited to {Convert.ToHexStringLower(octets)}");
    }

    private static (bool, string) Done(Action action)
    {
        action();
        return (true, "sent");
    }

    private (bool, string) Shell(ShellStep s)
    {
        string output = _host.Namespace.Run("sh", "-c", s.Command).Trim();
        return (true, output.Length == 0 ? "done" : output.ReplaceLineEndings(" | "));
    }

    private (bool, string) Listen(KernelListenStep s)
    {
        _application = KernelEcho.Start(new IPEndPoint(System.Net.IPAddress.IPv6Any, s.Port));
        return (true, $"MPTCP listener on port {s.Port} (IPv4 and IPv6), echoing");
    }

    private (bool, string) KernelConnect(KernelConnectStep s)
    {
        byte[] data = new byte[s.Octets];
        new Random(s.Line).NextBytes(data);
        MptcpAddress to = PeerHost.Peer(s.To, s.IPv6);
        _client = KernelClient.Start(new IPEndPoint(to.ToIPAddress(), s.Port), data, s.KeepOpen);
        return (true, $"MPTCP client connecting to {to}:{s.Port}, {s.Octets} octets to send{(s.KeepOpen ? ", its direction kept open" : string.Empty)}");
    }

    private (bool, string) KernelSend(KernelSendStep s)
    {
        byte[] data = new byte[s.Octets];
        new Random(s.Line).NextBytes(data);
        Client.Send(data);
        return (true, $"the kernel's client writes {s.Octets} octets more ({Client.Sent.Length} in all)");
    }

    private (bool, string) KernelClose()
    {
        Client.Close();
        return (true, "the kernel's client closes its direction");
    }

    private KernelClient Client => _client ?? throw new InvalidOperationException("no kernel client");

    private (bool, string) Accept(ExpectConnectStep s)
    {
        ulong key = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;
        _connection = new PeerConnection(_host.Link, null, key, s.Checksums) { Features = s.Features };
        _connection.Accept(s.WithinMs);
        _ipv6 = _connection.Initial.LocalAddress.IsIPv6;
        return (true, $"keys: peer {key:x16}, kernel {_connection.RemoteKey:x16}; checksums {(_connection.Checksums ? "on" : "off")}{Negotiated(_connection.Initial)}");
    }

    // "; SACK, timestamps, window scaling on" for what both SYNs offered, when the script asked for any.
    private static string Negotiated(TcpSubflow tcp)
    {
        if (!tcp.Features.Any)
        {
            return string.Empty;
        }

        string on = string.Join(", ", new[] { tcp.UsesSack ? "SACK" : null, tcp.UsesTimestamps ? "timestamps" : null, tcp.UsesWindowScaling ? "window scaling" : null }.Where(x => x is not null));
        return on.Length == 0 ? "; the kernel took none of " + tcp.Features : $"; {on} on";
    }

    private (bool, string) Connect(ConnectStep s)
    {
        _ipv6 = s.IPv6;
        var tcp = new TcpSubflow(PeerHost.Peer(s.From, s.IPv6), (ushort)(40000 + s.Line), PeerHost.Kernel(s.IPv6), s.Port, (uint)RandomNumberGenerator.GetInt32(int.MaxValue), s.Features);
        ulong key = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;
        _connection = new PeerConnection(_host.Link, tcp, key, s.Checksums) { Features = s.Features };
        if (s.ThirdAckEdit is OptionEdit edit)
        {
            byte[] sent = _connection.ConnectThirdAckWith(edit.Apply, 3000);
            return (true, $"keys: peer {key:x16}, kernel {_connection.RemoteKey:x16}; the third ACK's MP_CAPABLE edited to {Convert.ToHexStringLower(sent)}");
        }

        if (s.Raw is byte[] raw)
        {
            bool took = _connection.ConnectWith(raw, 3000);
            return (true, took ? $"the kernel took the SYN's {Convert.ToHexStringLower(raw)}: keys peer {key:x16}, kernel {_connection.RemoteKey:x16}" : $"the kernel answered {Convert.ToHexStringLower(raw)} without MP_CAPABLE: plain TCP");
        }

        _connection.Connect(3000, s.BadKey);
        return (true, $"keys: peer {key:x16}, kernel {_connection.RemoteKey:x16}{(s.BadKey ? " (echoed wrong)" : string.Empty)}; checksums {(_connection.Checksums ? "on" : "off")}{Negotiated(_connection.Initial)}");
    }

    private (bool, string) SendData(SendDataStep s)
    {
        // Deterministic per line, so a failing run can be compared with another.
        byte[] data = new byte[s.Octets];
        new Random(s.Line).NextBytes(data);
        if (s.Ahead is long ahead)
        {
            Connection.SendAhead(data, s.On, (ulong)ahead);
            return (true, $"{s.Octets} octets mapped at DSN +{_sent.Count + 1 + ahead}, {ahead} past the next");
        }

        string form = string.Empty;
        switch (s.Form)
        {
            case MappingForm.Capable:
                Connection.SendCapableData(data, s.BadChecksum);
                form = " under MP_CAPABLE";
                break;
            case MappingForm.Edited:
                form = $" under a DSS edited to {Convert.ToHexStringLower(Connection.SendWithMapping(data, s.Edit!.Apply))}";
                break;
            case MappingForm.Length or MappingForm.Infinite:
                Connection.SendMapped(data, s.On, (ushort)(s.DataLevelLength ?? 0));
                form = s.Form == MappingForm.Infinite ? " under an infinite mapping" : $" under a mapping of data-level length {s.DataLevelLength}";
                break;
            default:
                Connection.Send(data, s.On, corruptChecksum: s.BadChecksum);
                break;
        }

        _sent.AddRange(data);
        return (true, $"{s.Octets} octets from DSN +{_sent.Count - s.Octets + 1}{form}{(s.BadChecksum ? ", DSS checksums wrong" : string.Empty)}");
    }

    private (bool, string) Join(JoinStep s)
    {
        var tcp = new TcpSubflow(PeerHost.Peer(s.From, _ipv6), (ushort)(40000 + s.Line), PeerHost.Kernel(_ipv6), Connection.Initial.RemotePort, (uint)RandomNumberGenerator.GetInt32(int.MaxValue), Connection.Features);
        if (s.ThirdAckEdit is OptionEdit ackEdit)
        {
            (byte[] sent, Segment? fourth) = Connection.JoinThirdAckWith(tcp, ackEdit.Apply, s.AddressId, 2000);
            return (true, $"join third ACK edited to {Convert.ToHexStringLower(sent)}: {(fourth is null ? "no answer" : fourth.Has(TcpFlags.Rst) ? "RST" : "acknowledged")}");
        }

        if (s.SynEdit is OptionEdit synEdit)
        {
            MpJoinSynOption valid = Connection.JoinSyn(s.AddressId, s.Backup, (uint)RandomNumberGenerator.GetInt32(int.MaxValue));
            s = s with { Raw = synEdit.Apply(PeerConnection.Encode(valid)) };
        }

        if (s.Raw is byte[] raw)
        {
            Segment? answer = Connection.JoinSynWith(tcp, raw, 2000);
            return (true, $"join SYN with {Convert.ToHexStringLower(raw)}: {(answer is null ? "no answer" : answer.Has(TcpFlags.Rst) ? "RST" : "SYN/ACK")}; the peer resets it");
        }

        MptcpSubflow joined = Connection.Join(tcp, s.AddressId, s.Backup, s.Fault, s.ThirdAck, 3000);
        string hmac = joined.RemoteHmacValid switch { true => "the kernel's SYN/ACK HMAC is right", false => "the kernel's SYN/ACK HMAC is WRONG", null => "no SYN/ACK" };
        return (true, $"subflow {Connection.Subflows.Count - 1}: {hmac}{(joined.Reset ? "; reset" : string.Empty)}");
    }

    private (bool, string) AddAddress(AddAddressStep s)
    {
        MptcpAddress address = PeerHost.Peer(s.Address, _ipv6);
        AddAddressOption option = Connection.Announcement(s.AddressId, address, s.Port);
        option.Hmac = s.BadHmac ? ~option.Hmac : option.Hmac;
        if (s.Edit is OptionEdit edit)
        {
            return SendEdited(option, edit);
        }

        Connection.SendOption(option);
        return (true, $"ADD_ADDR {address} id {s.AddressId}, HMAC {(s.BadHmac ? "wrong" : "right")}");
    }

    private (bool, string) Reinject(ReinjectStep s)
    {
        Connection.Reinject(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sent)[^s.Octets..], s.On);
        return (true, $"{s.Octets} octets again from DSN +{_sent.Count - s.Octets + 1} on subflow {s.On}");
    }

    private (bool, string) Expect(ExpectStep s)
    {
        Func<bool> holds = s switch
        {
            ExpectDataStep { On: int on } d => () => Connection.Subflows[on].DataOctets >= d.Octets,
            ExpectDataStep d => () => Connection.Received.Length >= d.Octets,
            ExpectDataFinStep => () => Connection.RemoteDataFin,
            ExpectFinStep f => () => Connection.Subflows[f.On].RemoteFin,
            ExpectResetStep r => () => Connection.Subflows.Count > r.On && Connection.Subflows[r.On].Reset &&
                (r.Reasons is null || Connection.Subflows[r.On].ResetOption is MpTcpRstOption o && r.Reasons.Contains((int)o.Reason)),
            ExpectJoinStep j => () => Connection.Subflows.Count > j.Index && !Connection.Subflows[j.Index].ActiveJoin,
            ExpectJoinedStep j => () => Connection.Subflows.Count > j.On && Connection.Subflows[j.On].Established && Connection.Subflows[j.On].RemoteHmacValid == true,
            ExpectAddAddressEchoStep a => () => Connection.ReceivedOptions.Exists(r => r.Option.TryGet(out AddAddressOption o) && o.Echo && o.AddressId == a.AddressId &&
                o.Address == PeerHost.Peer(a.Address, _ipv6)),
            ExpectAnnouncementStep a => () => Connection.Announcements.Exists(x => x.Option.AddressId == a.AddressId && x.HmacValid),
            ExpectOptionStep o => () => Connection.ReceivedOptions.Exists(r => ((int)r.Option.Kind >> 4) == o.Subtype && (o.On is null || r.Subflow == o.On)),
            _ => () => false,
        };
        bool held = Connection.WaitUntil(holds, s.WithinMs) || holds();
        // The data the kernel sends: the echo of the peer's, or what its client application sends.
        byte[] expected = _client is not null ? _client.Sent : [.. _sent];
        if (s is ExpectDataStep { On: null } data && held && !Connection.Received.ToArray().AsSpan(0, data.Octets).SequenceEqual(expected.AsSpan(0, data.Octets)))
        {
            return (false, $"{data.Octets} octets came, but not the ones the kernel's application was given");
        }

        string seen = s switch
        {
            ExpectResetStep r when Connection.Subflows.Count > r.On && Connection.Subflows[r.On].Reset =>
                Connection.Subflows[r.On].ResetOption is MpTcpRstOption o ? $"reset with MP_TCPRST reason {(int)o.Reason}" : "reset without MP_TCPRST",
            ExpectDataStep { On: int on } => $"{Connection.Subflows[on].DataOctets} octets of the kernel's data on subflow {on}",
            ExpectDataStep => $"{Connection.Received.Length} octets received",
            _ => held ? "seen" : "not seen",
        };
        return s.Not
            ? (!held, held ? $"seen, but must not be ({seen})" : $"not seen in {s.WithinMs} ms")
            : (held, held ? seen : $"not seen in {s.WithinMs} ms ({seen})");
    }

    private (bool, string) Counter(CounterStep s)
    {
        long change = MptcpCounters.Read(_host.Namespace)[s.Name] - _start![s.Name];
        bool ok = s.AtLeast ? change >= s.Change : change == s.Change;
        return (ok, $"MPTcpExt{s.Name} moved by {change}");
    }

    private (bool, string) AppReceived()
    {
        if (_client is not null)
        {
            Connection.WaitUntil(() => _client.Received.Length >= _sent.Count, 2000);
        }

        byte[] got = _client?.Received ?? _application?.Received ?? [];
        bool ok = got.AsSpan().SequenceEqual(_sent.ToArray());
        return (ok, ok ? $"the application read the {got.Length} octets sent" : $"the application read {got.Length} octets; the peer sent {_sent.Count}");
    }
}
