using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Fuzzing.Generation;
using Mptcp.Codec.Fuzzing.Mutation;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Cli.Fuzz;

/// <summary>What a kernel campaign did: the cases run, whether the kernel log stopped it, and the time it took.</summary>
internal sealed record KernelResult(int Seed, int Cases, IReadOnlyList<KernelCase> Run, bool TimedOut, string? KernelLogLine, string KernelLog, TimeSpan Elapsed);

/// <summary>
/// A campaign against the Linux kernel through the userspace peer: each case in a network namespace of its own (made
/// under <c>namespaceName</c>, then deleted, whatever happens; cases run one after another), on a fresh connection, a valid option of the context mutated by the seeded
/// mutator and sent where it means something (<see cref="KernelContext"/>). The kernel's reaction is read from its
/// answer and from the namespace's MPTcpExt counters around the option. The kernel log is read after every case: a
/// WARNING, BUG or refcount line stops the campaign at once, its case kept. Bounded by cases and time.
/// </summary>
internal sealed class KernelCampaign(int cases, int seed, TimeSpan limit, string namespaceName)
{
    private const ushort Port = 8080;
    private static readonly int Contexts = Enum.GetValues<KernelContext>().Length;
    private static readonly string[] Alarms = ["WARNING", "BUG", "refcount", "Oops", "KASAN"];

    /// <summary>The ACK context's options, in turn.</summary>
    private static readonly string[] AckOptions = ["ADD_ADDR", "MP_PRIO", "MP_FAIL", "MP_FASTCLOSE", "ADD_ADDR echo"];

    public KernelResult Run()
    {
        var clock = Stopwatch.StartNew();
        var mutator = new OptionMutator<MptcpOption>(seed);
        var run = new List<KernelCase>();
        var log = new KernelLog();
        string? alarm = null;
        bool timedOut = false;
        for (int number = 1; number <= cases; number++)
        {
            if (clock.Elapsed >= limit)
            {
                timedOut = true;
                break;
            }

            try
            {
                run.Add(RunCase(number, mutator));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.IO.IOException or System.Net.Sockets.SocketException)
            {
                // The context could not be set up (the kernel did not complete the connection the option was for): said, not judged.
                var context = (KernelContext)((number - 1) % Contexts);
                run.Add(new KernelCase(number, context, "(none)", new MutatedCase(MutationKind.FieldEdge, [], false, default, 0), "(not sent)", false, e.Message,
                    $"did not get that far ({e.GetType().Name})", false, false, [], new Dictionary<string, long>(), []));
            }
            if (log.NewAlarm(Alarms) is string line)
            {
                alarm = line;
                break;
            }
        }

        return new KernelResult(seed, cases, run, timedOut, alarm, log.Status, clock.Elapsed);
    }

    private KernelCase RunCase(int number, OptionMutator<MptcpOption> mutator)
    {
        KernelCase? result = null;
        var context = (KernelContext)((number - 1) % Contexts);
        var values = new Random(unchecked(seed * 7919 + number));
        PeerHost.Run(namespaceName, checksums: false, host =>
        {
            host.Namespace.Run("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "1");
            using KernelEcho echo = KernelEcho.Start(new IPEndPoint(IPAddress.IPv6Any, Port));
            MptcpCounters start = MptcpCounters.Read(host.Namespace);
            var connection = new PeerConnection(host.Link, new TcpSubflow(PeerHost.PeerAddresses[0], 41000, PeerHost.KernelAddress, Port, (uint)values.Next()),
                (ulong)values.NextInt64() | 1, requestChecksums: false);
            string reaction;
            string name;
            MptcpCounters before;
            MutatedCase mutated;
            MutatedCase? made = null;
            byte[] validOctets = [];
            byte[] Replace(byte[] valid)
            {
                validOctets = valid;
                made = Mutate(mutator, valid, 40);
                return made.Octets;
            }

            bool? echoed = null;
            if (context is KernelContext.Syn or KernelContext.ThirdAck)
            {
                name = "MP_CAPABLE";
                before = start;
                if (context == KernelContext.Syn)
                {
                    validOctets = OptionGenerator.Encode<MptcpOption>(new MpCapableOption { Version = 1, HmacSha = true });
                    mutated = Mutate(mutator, validOctets, SynRoom);
                    MutatedCase syn = mutated;
                    reaction = Answer(() => connection.ConnectWith(syn.Octets, 2000) ? "took MP_CAPABLE" : "fell back to TCP");
                }
                else
                {
                    connection.ConnectThirdAckWith(Replace, 2000);
                    mutated = made!;
                    reaction = "third ACK sent";
                }
            }
            else
            {
                connection.Connect(3000);
                Probe(connection, 200);
                before = MptcpCounters.Read(host.Namespace);
                if (context == KernelContext.JoinThirdAck)
                {
                    name = "MP_JOIN ACK";
                    Segment? answer = connection.JoinThirdAckWith(new TcpSubflow(PeerHost.PeerAddresses[1], 41001, PeerHost.KernelAddress, Port, (uint)values.Next()), Replace, 2000).Answer;
                    mutated = made!;
                    reaction = answer is null ? "did not answer the third ACK" : answer.Has(TcpFlags.Rst) ? "reset the join" : "acknowledged it";
                }
                else if (context == KernelContext.AckWithData)
                {
                    name = "DSS";
                    long expected = connection.Received.Length + 200;
                    connection.SendWithMapping(new byte[200], Replace);
                    mutated = made!;
                    echoed = connection.WaitUntil(() => connection.Received.Length >= expected, 1000);
                    reaction = echoed.Value ? "delivered the data" : "did not deliver the data";
                }
                else
                {
                    byte[] valid;
                    (name, valid) = context switch
                    {
                        KernelContext.JoinSyn => ("MP_JOIN", OptionGenerator.Encode<MptcpOption>(connection.JoinSyn(2, backup: false, (uint)values.Next()))),
                        KernelContext.Rst => ("MP_TCPRST", OptionGenerator.Encode<MptcpOption>(new MpTcpRstOption { Reason = TcpResetReason.UnspecifiedError })),
                        _ => AckOption(connection, (number - 1) / Contexts % AckOptions.Length),
                    };
                    validOctets = valid;
                    mutated = Mutate(mutator, valid, context == KernelContext.JoinSyn ? SynRoom : 40);
                    byte[] octets = mutated.Octets;
                    reaction = context switch
                    {
                        KernelContext.JoinSyn => Answer(() => connection.JoinSynWith(new TcpSubflow(PeerHost.PeerAddresses[1], 41001, PeerHost.KernelAddress, Port, (uint)values.Next()), octets, 2000) switch
                        {
                            null => "did not answer the join SYN",
                            Segment s when s.Has(TcpFlags.Rst) => "refused it (RST)",
                            Segment s when s.HasOption(MptcpOptionKind.MpJoinSynAckOption) => "answered with MP_JOIN",
                            _ => "answered as to a new plain TCP connection",
                        }),
                        KernelContext.Rst => Send(connection, octets, TcpFlags.Rst | TcpFlags.Ack, probe: false),
                        _ => Send(connection, octets, TcpFlags.Ack, probe: true),
                    };
                }
            }

            connection.WaitUntil(() => false, 300);
            MptcpCounters after = MptcpCounters.Read(host.Namespace);
            string[] moved = [.. after.Since(before).Where(c => c.Value > 0).Select(c => c.Key).Order(StringComparer.Ordinal)];
            (string sent, bool sdkValid, string verdict) = SdkView(DiffCase.Padded(mutated.Octets));
            string[] counters = CountersOf(sent, context);

            // A DSS mapping is acted on when its data reaches the kernel's application (it echoes it) by that mapping:
            // no counter says so, but DssFallback says the kernel took the data as plain TCP instead (RFC 8684 §3.7).
            bool judged = counters.Length > 0 || (sent == "DSS" && echoed is not null);
            bool acted = sent == "DSS" && echoed is bool delivered ? delivered && !moved.Contains("DssFallback") : counters.Any(c => after[c] > before[c]);
            string said = $"{(!judged ? "has no counter for it" : acted ? "acted" : "did not act")} ({reaction}{(moved.Length > 0 ? "; " + string.Join(", ", moved) : string.Empty)})";
            result = new KernelCase(number, context, name, mutated, sent, sdkValid, verdict, said, judged, acted, moved, after.Since(start), counters) { Valid = validOctets };
        });
        return result!;
    }

    /// <summary>
    /// What a receiver finds in the block as it went on the wire (the octets NOP-padded after the SYN's MSS or alone), by the SDK: the first MPTCP option before any EOL, its subtype and whether it
    /// is valid; a block that cannot be walked to that option is rejected with the walk's error.
    /// </summary>
    private static (string Sent, bool Valid, string Verdict) SdkView(byte[] block)
    {
        var walker = TcpOptionWalker.MptcpOptions(block);
        if (!walker.MoveNext())
        {
            // A block broken before its MPTCP option: the option is still judged by its subtype octet, as a lenient receiver might read it.
            int first = FirstMptcpOption.Subtype(block);
            string subtype = walker.Error.IsOk ? "no MPTCP option" : first >= 0 ? SubtypeName(first) : "malformed block";
            return (subtype, false, walker.Error.IsOk ? "no MPTCP option before EOL" : walker.Error.Describe());
        }

        ReadOnlySpan<byte> option = walker.Current.Bytes;
        string sent = option.Length < 3 ? "MPTCP option cut before its subtype" : SubtypeName(option[2] >> 4);
        MptcpError error = Verdicts.OfOption<MptcpOption>(option);
        return (sent, error.IsOk, error.IsOk ? "valid" : error.Describe());
    }

    private static string SubtypeName(int subtype) => subtype switch
    {
        0 => "MP_CAPABLE",
        1 => "MP_JOIN",
        2 => "DSS",
        3 => "ADD_ADDR",
        4 => "REMOVE_ADDR",
        5 => "MP_PRIO",
        6 => "MP_FAIL",
        7 => "MP_FASTCLOSE",
        8 => "MP_TCPRST",
        15 => "MP_EXPERIMENTAL",
        _ => $"subtype {subtype}",
    };

    /// <summary>The counters that move when the kernel acts on an option of this subtype in this context (none: the case is not judged).</summary>
    private static string[] CountersOf(string subtype, KernelContext context) => (subtype, context) switch
    {
        ("MP_CAPABLE", KernelContext.Syn) => ["MPCapableSYNRX"],
        ("MP_CAPABLE", KernelContext.ThirdAck) => ["MPCapableACKRX"],
        ("MP_JOIN", KernelContext.JoinThirdAck) => ["MPJoinAckRx"],
        ("MP_JOIN", KernelContext.JoinSyn) => ["MPJoinSynRx", "MPJoinSynBackupRx"],
        ("ADD_ADDR", KernelContext.Ack) => ["AddAddr", "EchoAdd"],
        ("REMOVE_ADDR", KernelContext.Ack) => ["RmAddr"],
        ("MP_PRIO", KernelContext.Ack) => ["MPPrioRx"],
        ("MP_FAIL", KernelContext.Ack) => ["MPFailRx"],
        ("MP_FASTCLOSE", KernelContext.Ack) => ["MPFastcloseRx"],
        ("MP_TCPRST", KernelContext.Rst) => ["MPRstRx"],
        _ => [],
    };

    /// <summary>The kernel's answer in words; a timeout (no SYN/ACK at all) is one too.</summary>
    private static string Answer(Func<string> send)
    {
        try
        {
            return send();
        }
        catch (TimeoutException)
        {
            return "did not answer";
        }
    }

    /// <summary>Sends the octets; on an ACK, whether the connection then still echoes.</summary>
    private static string Send(PeerConnection connection, byte[] octets, TcpFlags flags, bool probe)
    {
        connection.SendRaw(octets, 0, alone: true, flags);
        if (!probe)
        {
            return "the subflow reset";
        }

        connection.WaitUntil(() => false, 200);
        return Probe(connection, 200) ? "the connection goes on" : "the connection stopped";
    }

    private static bool Probe(PeerConnection connection, int octets)
    {
        long expected = connection.Received.Length + octets;
        connection.Send(new byte[octets]);
        return connection.WaitUntil(() => connection.Received.Length == expected, 2000);
    }

    private static (string, byte[]) AckOption(PeerConnection c, int which)
    {
        MptcpAddress address = PeerHost.PeerAddresses[1];
        byte[] octets = which switch
        {
            0 => OptionGenerator.Encode<MptcpOption>(c.Announcement(1, address, port: null)),
            1 => OptionGenerator.Encode<MptcpOption>(new MpPrioOption { Backup = true }),
            2 => OptionGenerator.Encode<MptcpOption>(c.Fail()),
            3 => OptionGenerator.Encode<MptcpOption>(c.FastClose()),
            _ => OptionGenerator.Encode<MptcpOption>(new AddAddressOption { Echo = true, AddressId = 1, Address = address }),
        };
        return (AckOptions[which], octets);
    }

    /// <summary>A SYN keeps 4 of the 40 octets of options for its MSS.</summary>
    private const int SynRoom = 36;

    /// <summary>The next mutation of <paramref name="valid"/> that fits in <paramref name="room"/> octets (the mutator's draws do not depend on the values, so the sequence is the seed's).</summary>
    private static MutatedCase Mutate(OptionMutator<MptcpOption> mutator, byte[] valid, int room)
    {
        MutatedCase mutated = mutator.Mutate(valid);
        for (int attempt = 0; attempt < 16 && mutated.Octets.Length > room; attempt++)
        {
            mutated = mutator.Mutate(valid);
        }

        return mutated.Octets.Length <= room ? mutated : mutator.Mutate(valid, MutationKind.FlagFlip);
    }
}
