using System;
using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>One TCP subflow: its endpoints, its role and what its handshake carried.</summary>
public sealed class Subflow
{
    internal Subflow(int number, Endpoint initiator, Endpoint listener, long firstFrame)
    {
        Number = number;
        Initiator = initiator;
        Listener = listener;
        FirstFrame = firstFrame;
    }

    /// <summary>1-based, in order of appearance in its connection.</summary>
    public int Number { get; internal set; }

    /// <summary>The endpoint that sent the SYN.</summary>
    public Endpoint Initiator { get; }

    /// <summary>The endpoint that answered it.</summary>
    public Endpoint Listener { get; }

    /// <summary>The frame of the SYN.</summary>
    public long FirstFrame { get; }

    /// <summary>True for a subflow started by MP_JOIN; false for the MP_CAPABLE one.</summary>
    public bool IsJoin { get; internal set; }

    /// <summary>The end of the connection that sent the subflow's SYN (a join may come from either).</summary>
    public Side InitiatorSide { get; internal set; } = Side.Client;

    /// <summary>The address ID the initiator sent in MP_JOIN.</summary>
    public byte? InitiatorAddressId { get; internal set; }

    /// <summary>The address ID the listener sent in MP_JOIN.</summary>
    public byte? ListenerAddressId { get; internal set; }

    /// <summary>Whether the subflow is a backup (MP_JOIN 'B', then MP_PRIO).</summary>
    public bool Backup { get; internal set; }

    /// <summary>True once the handshake's third packet was seen.</summary>
    public bool Established { get; internal set; }

    /// <summary>True once a RST was seen.</summary>
    public bool Reset { get; internal set; }

    /// <summary>Payload octets sent by the initiator.</summary>
    public long InitiatorBytes { get; internal set; }

    /// <summary>Payload octets sent by the listener.</summary>
    public long ListenerBytes { get; internal set; }

    /// <summary>What the initiator sent on the subflow.</summary>
    public SubflowTraffic FromInitiator { get; } = new();

    /// <summary>What the listener sent on the subflow.</summary>
    public SubflowTraffic FromListener { get; } = new();

    /// <summary>The capture time of the subflow's first segment (its SYN), in nanoseconds since 1970 (0 when the reader gave none).</summary>
    public long FirstSeenNanoseconds { get; internal set; }

    /// <summary>MPTCP options the subflow carried, both ways.</summary>
    public long MptcpOptions { get; internal set; }

    /// <summary>The connection the subflow belongs to, once known.</summary>
    public MptcpConnection? Connection { get; internal set; }

    internal FlowKey Key;
    internal StreamRecord? Stream;
    internal uint? JoinToken;
    internal LinkedListNode<Subflow>? Waiting;
    internal bool Keyed;
    internal List<Finding>? PendingFindings;
    internal long LastSeenNanoseconds;
    internal long EnqueuedNanoseconds;
    internal bool CapableSyn;
    internal bool HeaderCut; // a header of this subflow was cut by the snap length: what is missing is unknown, not absent
    internal uint? InitiatorIsn;
    internal uint? ListenerIsn;
    internal uint? InitiatorNonce;
    internal uint? ListenerNonce;
    internal ulong? SynAckTruncatedHmac;
    internal bool? CapableChecksum;
    internal byte CapableVersion;
    internal ulong? CapableInitiatorKey;
    internal ulong? CapableListenerKey;
    internal readonly Mapping?[] Mappings = new Mapping?[2];

    internal uint? Isn(bool fromInitiator) => fromInitiator ? InitiatorIsn : ListenerIsn;

    internal SubflowTraffic Traffic(bool fromInitiator) => fromInitiator ? FromInitiator : FromListener;

    // The end of the connection that sends in one direction of the subflow.
    internal Side SideOf(bool fromInitiator) => fromInitiator ? InitiatorSide : InitiatorSide.Other();

    /// <summary>"a.b.c.d.p > e.f.g.h.q".</summary>
    public override string ToString() => FormattableString.Invariant($"{Initiator} > {Listener}");
}
