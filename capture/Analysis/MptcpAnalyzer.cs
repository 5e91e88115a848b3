using System;
using System.Collections.Generic;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>
/// Follows the TCP segments of a capture, groups subflows into MPTCP connections (by MP_CAPABLE keys, by MP_JOIN
/// tokens, joins from either end), verifies tokens, HMACs, DSS checksums and IDSNs, and rebuilds each direction's
/// data-level stream. Feed segments in capture order with <see cref="Process(long, long, in TcpSegment)"/>, then call <see cref="Complete"/>.
/// </summary>
public sealed partial class MptcpAnalyzer
{
    private readonly Dictionary<FlowKey, Subflow> _subflows = [];
    private readonly List<MptcpConnection> _connections = [];
    private readonly List<PacketCheck> _checks = [];
    private readonly long[] _optionsPerSubtype = new long[16];
    private readonly bool _verify;
    private readonly bool _keepData;
    private readonly bool _findReinjections;
    private readonly Action<RttSample>? _onRtt;
    private readonly PendingSubflows _pending;
    private bool _segmentHasCapable;
    private PacketDataLevel _dataLevel;
    private long _time;
    private readonly List<long> _reinjectionOf = [];

    /// <summary>Creates an analyzer.</summary>
    /// <param name="verify">False to only group subflows into connections and count options: no HMAC, checksum or
    /// reassembly work (for <c>stats</c>).</param>
    /// <param name="keepData">False to count each direction's data without keeping its octets.</param>
    public MptcpAnalyzer(bool verify = true, bool keepData = true)
        : this(new AnalysisOptions { Verify = verify, KeepData = keepData })
    {
    }

    /// <summary>Creates an analyzer that does what <paramref name="options"/> say (<see cref="AnalysisOptions.TrackConnections"/> aside).</summary>
    public MptcpAnalyzer(AnalysisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _verify = options.Verify;
        _keepData = options.KeepData;
        _findReinjections = options.FindReinjections;
        _onRtt = options.OnRttSample;
        _pending = new PendingSubflows(options.MaxPendingSubflows, (long)options.PendingTimeout.TotalNanoseconds, Evicted);
    }

    /// <summary>The connections, in order of appearance.</summary>
    public IReadOnlyList<MptcpConnection> Connections => _connections;

    /// <summary>Checks of packets that belong to no known connection (all not verifiable).</summary>
    public VerificationCounts Unattached { get; } = new();

    /// <summary>The checks made on the last packet processed (for inline marks); valid until the next packet.</summary>
    public ReadOnlySpan<PacketCheck> LastChecks => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_checks);

    /// <summary>The data-level view of the last packet processed (Wireshark's mptcp.* fields).</summary>
    public PacketDataLevel LastDataLevel => _dataLevel;

    /// <summary>
    /// Every frame, on another subflow, that carried an octet of the last packet's data before it (Wireshark's
    /// <c>mptcp.reinjection_of</c> list), ascending; valid until the next packet.
    /// </summary>
    public ReadOnlySpan<long> LastReinjectionOf => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_reinjectionOf);

    /// <summary>Every check of the capture: the connections' and the unattached ones.</summary>
    public VerificationCounts Totals()
    {
        var totals = new VerificationCounts();
        totals.Add(Unattached);
        foreach (MptcpConnection connection in _connections)
        {
            totals.Add(connection.Verification);
        }

        return totals;
    }

    /// <summary>MPTCP options that did not decode (a length wrong for the subtype and flags, a truncated option…).</summary>
    public long InvalidOptions { get; private set; }

    /// <summary>TCP option blocks that could not be walked to their end (an option running past the block, say).</summary>
    public long MalformedOptionBlocks { get; private set; }

    /// <summary>
    /// TCP headers the snap length cut inside their options: what was captured was read, and the option the cut
    /// went through is not counted as malformed.
    /// </summary>
    public long CutHeaders { get; private set; }

    /// <summary>
    /// MP_CAPABLE handshakes that never completed: SYNs with MP_CAPABLE whose subflow never became a connection (or a
    /// fallback), counted, not listed, so that a SYN flood costs a number.
    /// </summary>
    public long IncompleteHandshakes => _pending.IncompleteHandshakes;

    // Subflows in the flow table now (those of connections, and at most the pending cap of others).
    internal int TrackedSubflows => _subflows.Count;

    /// <summary>Subflows of no connection evicted from the flow table (<see cref="AnalysisOptions.MaxPendingSubflows"/>, <see cref="AnalysisOptions.PendingTimeout"/>).</summary>
    public long EvictedSubflows => _pending.Evicted;

    /// <summary>MPTCP options seen per subtype (malformed ones included).</summary>
    public IReadOnlyList<long> OptionsPerSubtype => _optionsPerSubtype;

    /// <summary>MPTCP options of subflows that joined no known connection.</summary>
    public long UnattachedOptions
    {
        get
        {
            long count = _pending.EvictedOptions;
            foreach (Subflow subflow in _subflows.Values)
            {
                count += subflow.Connection is null ? subflow.MptcpOptions : 0;
            }

            return count;
        }
    }

    /// <summary>Takes the next TCP segment of the capture (without its time: pending subflows are then bounded only by number).</summary>
    public Subflow Process(long frame, in TcpSegment segment) => Process(frame, 0, segment);

    /// <summary>Takes the next TCP segment of the capture, captured at <paramref name="timestampNanoseconds"/>; returns the subflow it belongs to.</summary>
    public Subflow Process(long frame, long timestampNanoseconds, in TcpSegment segment)
    {
        _checks.Clear();
        _packetFindings.Clear();
        _frame = frame;
        _time = timestampNanoseconds;
        _dataLevel = default;
        _reinjectionOf.Clear();
        _segmentHasCapable = false;
        var source = new Endpoint(segment.Source, segment.SourcePort);
        var destination = new Endpoint(segment.Destination, segment.DestinationPort);
        var key = new FlowKey(source, destination);
        bool syn = segment.Syn;
        if (!_subflows.TryGetValue(key, out Subflow? subflow) || (syn && !segment.Ack && subflow.InitiatorIsn != segment.SequenceNumber))
        {
            subflow = syn && segment.Ack ? new Subflow(0, destination, source, frame) : new Subflow(0, source, destination, frame);
            subflow.Key = key;
            subflow.LastSeenNanoseconds = timestampNanoseconds;
            subflow.FirstSeenNanoseconds = timestampNanoseconds;
            _subflows[key] = subflow;
            _pending.Admit(subflow, timestampNanoseconds, _subflows);
        }

        subflow.LastSeenNanoseconds = timestampNanoseconds;

        bool fromInitiator = source == subflow.Initiator;
        SubflowTraffic traffic = subflow.Traffic(fromInitiator);
        traffic.Segments++;
        traffic.PayloadOctets += segment.PayloadLength;
        if (segment.Ack && subflow.Isn(!fromInitiator) is uint peerIsn
            && subflow.Traffic(!fromInitiator).Acknowledged(segment.AcknowledgmentNumber - peerIsn, timestampNanoseconds) is >= 0 and long rtt)
        {
            _onRtt?.Invoke(new RttSample(subflow, subflow.SideOf(!fromInitiator), timestampNanoseconds, rtt, DataLevel: false));
        }
        if (subflow.Connection is MptcpConnection known)
        {
            known.LastSeenNanoseconds = Math.Max(known.LastSeenNanoseconds, timestampNanoseconds);
        }

        if (syn)
        {
            if (fromInitiator)
            {
                subflow.InitiatorIsn = segment.SequenceNumber;
            }
            else
            {
                subflow.ListenerIsn = segment.SequenceNumber;
            }
        }
        else if (fromInitiator && segment.Ack && subflow.ListenerIsn.HasValue && !subflow.IsJoin)
        {
            subflow.Established = true;
        }

        subflow.Reset |= segment.Rst;
        var walker = TcpOptionWalker.MptcpOptions(segment.Options);
        while (walker.MoveNext())
        {
            TcpOption option = walker.Current;
            subflow.MptcpOptions++;
            if (option.Bytes.Length > 2)
            {
                _optionsPerSubtype[option.Bytes[2] >> 4]++;
            }

            if (MptcpOption.TryRead(option.Bytes, out MptcpOption decoded, out MptcpError error))
            {
                NumberStream(subflow, decoded);
                Option(frame, subflow, fromInitiator, (TcpFlags)segment.Flags, decoded);
            }
            else
            {
                NumberStream(subflow, option.Bytes);
                InvalidOptions++;
                subflow.Connection?.Add(new ConnectionEvent(frame, subflow.SideOf(fromInitiator), ConnectionEventKind.InvalidOption, default, error));
            }
        }

        // Options the snap length cut off are unknown, not absent: a SYN/ACK so cut may have carried MP_CAPABLE.
        bool cut = segment.IsCut(walker.Error);
        if (syn && segment.Ack && !fromInitiator && subflow.CapableSyn && !_segmentHasCapable && subflow.Connection is null && _verify && !cut)
        {
            Refused(subflow);
        }

        if (segment.IsHeaderCut)
        {
            CutHeaders++;
            subflow.HeaderCut = true;
        }

        if (!walker.Error.IsOk && !cut)
        {
            // Options after the damage are not seen: say so rather than drop them silently.
            MalformedOptionBlocks++;
            subflow.Connection?.Add(new ConnectionEvent(frame, subflow.SideOf(fromInitiator), ConnectionEventKind.MalformedOptionBlock, default, walker.Error));
        }

        if (segment.PayloadLength > 0 && _verify)
        {
            Payload(subflow, fromInitiator, segment.SequenceNumber, segment.Payload, segment.PayloadLength);
        }

        // Wireshark's dissection stops at the cut of a header, before its MPTCP analysis: so do the per-packet fields.
        if ((subflow.Connection?.MptcpStream ?? subflow.Stream?.Number) is int stream && !segment.IsHeaderCut)
        {
            _dataLevel = _dataLevel with { Stream = stream, Master = subflow.Keyed };
        }

        return subflow;
    }

    // A subflow left the flow table without joining a connection.
    private void Evicted(Subflow subflow)
    {
        Release(subflow);
        Orphan(subflow);
    }

    /// <summary>Ends the capture: mappings still waiting for data become not verifiable.</summary>
    public void Complete()
    {
        ListPartialConnections();
        _pending.Complete();
        foreach (Subflow subflow in _subflows.Values)
        {
            Orphan(subflow);
        }

        foreach (Subflow subflow in _subflows.Values)
        {
            for (int direction = 0; direction < 2; direction++)
            {
                if (subflow.Mappings[direction] is { Pending: true } mapping)
                {
                    mapping.Pending = false;
                    Record(subflow, CheckKind.DssChecksum, CheckOutcome.Unverifiable);
                }
            }
        }
    }

    private void Option(long frame, Subflow subflow, bool fromInitiator, TcpFlags flags, in MptcpOption option)
    {
        if (!_verify && option.Kind is not (MptcpOptionKind.MpCapableOption or MptcpOptionKind.MpJoinSynOption))
        {
            return;
        }

        var dispatch = new OptionDispatch(this, frame, subflow, fromInitiator, flags, option);
        option.Switch(ref dispatch);
    }

    // What the analysis does with each kind of option: handshakes, data, and events for the rest.
    private readonly ref struct OptionDispatch(MptcpAnalyzer analyzer, long frame, Subflow subflow, bool fromInitiator, TcpFlags flags, in MptcpOption union) : MptcpOption.IHandler
    {
        private readonly ref readonly MptcpOption _union = ref union;

        public void Handle(in MpCapableOption option) => analyzer.Capable(subflow, fromInitiator, flags, option);

        public void Handle(in MpJoinSynOption option) => analyzer.JoinSyn(subflow, option);

        public void Handle(in MpJoinSynAckOption option) => analyzer.JoinSynAck(subflow, option);

        public void Handle(in MpJoinAckOption option) => analyzer.JoinAck(subflow, option);

        public void Handle(in DssOption option) => analyzer.Dss(frame, subflow, fromInitiator, option);

        // Announcements carry an HMAC to verify; echoes carry none and are events like the rest.
        public void Handle(in AddAddressOption option)
        {
            if (!option.Echo && option.HasHmac)
            {
                analyzer.AddAddress(frame, subflow, fromInitiator, option);
            }
            else
            {
                Event();
            }
        }

        public void Handle(in AddAddressV0Option option) => Event();

        public void Handle(in RemoveAddressOption option) => Event();

        public void Handle(in MpPrioOption option) => Event();

        public void Handle(in MpFailOption option) => Event();

        public void Handle(in MpFastCloseOption option) => Event();

        public void Handle(in MpTcpRstOption option) => Event();

        public void Handle(in MpExperimentalOption option) => Event();

        private void Event() => analyzer.Event(frame, subflow, fromInitiator, _union);
    }

    // ADD_ADDR without HMAC (echoes, v0), REMOVE_ADDR, MP_PRIO, MP_FAIL, MP_FASTCLOSE, MP_TCPRST, MP_EXPERIMENTAL.
    private void Event(long frame, Subflow subflow, bool fromInitiator, in MptcpOption option)
    {
        MptcpConnection? connection = subflow.Connection;
        if (option.TryGet(out MpPrioOption prio))
        {
            subflow.Backup = prio.Backup;
        }

        if (connection is null)
        {
            return;
        }

        connection.FellBack |= option.Kind == MptcpOptionKind.MpFailOption;
        Side sender = subflow.SideOf(fromInitiator);
        connection.Add(new ConnectionEvent(frame, sender, ConnectionEvent.KindOf(option), option, default));
        if (option.TryGet(out AddAddressV0Option announce))
        {
            Announce(subflow, fromInitiator, sender, announce.AddressId, announce.Address, announce.HasPort ? announce.Port : (ushort)0);
        }
        else if (option.TryGet(out RemoveAddressOption remove))
        {
            Withdraw(connection, sender, remove);
        }
        else if (option.Kind == MptcpOptionKind.MpFailOption)
        {
            Report(subflow, fromInitiator, FindingKind.Fail);
        }
    }

    private void Record(Subflow subflow, CheckKind kind, CheckOutcome outcome)
    {
        (subflow.Connection?.Verification ?? Unattached)[kind].Add(outcome);
        _checks.Add(new PacketCheck(kind, outcome));
    }

    private static CheckOutcome Outcome(bool passed) => passed ? CheckOutcome.Passed : CheckOutcome.Failed;

    // An MP_CAPABLE SYN answered by a SYN/ACK without it: a connection all the same, fallen back to TCP from the start.
    private void Refused(Subflow subflow)
    {
        var connection = new MptcpConnection(_connections.Count + 1, subflow.CapableVersion == 0 ? MptcpVersion.V0 : MptcpVersion.V1, subflow.CapableInitiatorKey ?? 0, 0, _keepData)
        {
            ChecksumRequested = subflow.CapableChecksum ?? false,
            FellBack = true,
            KeysKnown = false,
        };
        _connections.Add(connection);
        connection.Add(subflow);
        Claim(subflow, connection);
        Report(subflow, fromInitiator: false, FindingKind.Fallback);
    }

    private void Connect(Subflow subflow, ulong clientKey, ulong serverKey)
    {
        var connection = new MptcpConnection(_connections.Count + 1, subflow.CapableVersion == 0 ? MptcpVersion.V0 : MptcpVersion.V1, clientKey, serverKey, _keepData)
        {
            ChecksumRequested = subflow.CapableChecksum ?? false,
        };
        _connections.Add(connection);
        connection.Add(subflow);
        Claim(subflow, connection);
    }
}
