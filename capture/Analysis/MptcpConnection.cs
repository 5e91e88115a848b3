using System.Collections.Generic;
using Mptcp.Codec.Crypto;

namespace Mptcp.Codec.Capture.Analysis;

/// <summary>One MPTCP connection: its keys, subflows, events, data streams and verification counts.</summary>
public sealed class MptcpConnection
{
    private readonly List<Subflow> _subflows = [];
    private readonly List<ConnectionEvent> _events = [];
    private readonly List<Finding> _findings = [];
    private readonly List<Reinjection> _reinjections = [];

    internal MptcpConnection(int number, MptcpVersion version, ulong clientKey, ulong serverKey, bool keepData)
    {
        ClientToServer = new DataStream { StoresData = keepData };
        ServerToClient = new DataStream { StoresData = keepData };
        Number = number;
        Version = version;
        ClientKey = clientKey;
        ServerKey = serverKey;
        ClientToken = MptcpKeys.Token(clientKey, version);
        ServerToken = MptcpKeys.Token(serverKey, version);
        ClientIdsn = MptcpKeys.InitialDataSequenceNumber(clientKey, version);
        ServerIdsn = MptcpKeys.InitialDataSequenceNumber(serverKey, version);
        LastDsn = [ClientIdsn, ServerIdsn];
    }

    /// <summary>
    /// Every link between a frame and an earlier frame, on another subflow, that carried one of its data octets
    /// (Wireshark's <c>reinjection_of</c> and <c>reinjected_in</c>), in frame order of the later one.
    /// </summary>
    public IReadOnlyList<Reinjection> ReinjectionPairs => _reinjections;

    /// <summary>The three counts of data sent again on another subflow, and how they relate (<see cref="ReinjectionCounts"/>).</summary>
    public ReinjectionCounts Reinjections => new(_reinjections.Count, ReinjectingFrames, MptcpResends);

    internal long ReinjectingFrames { get; set; }

    internal long MptcpResends { get; set; }

    /// <summary>What is wrong in this connection's part of the trace, in frame order.</summary>
    public IReadOnlyList<Finding> Findings => _findings;

    /// <summary>
    /// False for a connection whose MP_CAPABLE SYN was refused (a <see cref="FindingKind.Fallback"/>): the keys the
    /// handshake did not carry are 0, and so are the tokens and IDSNs derived from them.
    /// </summary>
    public bool KeysKnown { get; internal set; } = true;

    /// <summary>
    /// False for a connection known only from joins that name its token (the capture starts after its MP_CAPABLE
    /// handshake): no keys, and <see cref="Version"/> is not known (reported as 1).
    /// </summary>
    public bool HandshakeSeen { get; internal set; } = true;

    /// <summary>1-based, in the order connections became known (both keys seen, or the MP_CAPABLE SYN refused).</summary>
    public int Number { get; }

    /// <summary>
    /// Wireshark's <c>mptcp.stream</c> of the connection: 0-based, numbered at the first packet that carried a key,
    /// every attempt counted (answered or not), so it can be greater than <see cref="Number"/> − 1. Null for a connection
    /// refused at a v1 SYN, which carries no key: Wireshark gives it no number.
    /// </summary>
    public int? MptcpStream { get; internal set; }

    /// <summary>The negotiated version.</summary>
    public MptcpVersion Version { get; }

    /// <summary>True when DSS checksums were requested (MP_CAPABLE 'A').</summary>
    public bool ChecksumRequested { get; internal set; }

    /// <summary>The key of side A, which opened the connection.</summary>
    public ulong ClientKey { get; }

    /// <summary>The key of side B.</summary>
    public ulong ServerKey { get; }

    /// <summary>The token of side A (what B's joins carry).</summary>
    public uint ClientToken { get; }

    /// <summary>The token of side B (what A's joins carry).</summary>
    public uint ServerToken { get; }

    /// <summary>Side A's initial data sequence number.</summary>
    public ulong ClientIdsn { get; }

    /// <summary>Side B's initial data sequence number.</summary>
    public ulong ServerIdsn { get; }

    /// <summary>The subflows, initial one first.</summary>
    public IReadOnlyList<Subflow> Subflows => _subflows;

    /// <summary>MPTCP-level events in frame order.</summary>
    public IReadOnlyList<ConnectionEvent> Events => _events;

    /// <summary>The checks made on this connection's packets.</summary>
    public VerificationCounts Verification { get; } = new();

    /// <summary>A's data as B receives it, in DSN order.</summary>
    public DataStream ClientToServer { get; }

    /// <summary>The capture time of the connection's last segment, in nanoseconds since 1970; with the initial subflow's
    /// <see cref="Subflow.FirstSeenNanoseconds"/>, the connection's duration.</summary>
    public long LastSeenNanoseconds { get; internal set; }

    /// <summary>B's data as A receives it, in DSN order.</summary>
    public DataStream ServerToClient { get; }

    /// <summary>True once the connection fell back to TCP (infinite mapping or MP_FAIL).</summary>
    public bool FellBack { get; internal set; }

    /// <summary>The key of one end.</summary>
    public ulong Key(Side side) => side == Side.Client ? ClientKey : ServerKey;

    /// <summary>The token of one end (what the other end's joins carry).</summary>
    public uint Token(Side side) => side == Side.Client ? ClientToken : ServerToken;

    /// <summary>The IDSN of one end.</summary>
    public ulong Idsn(Side side) => side == Side.Client ? ClientIdsn : ServerIdsn;

    /// <summary>The data-level stream one end sends.</summary>
    public DataStream Stream(Side sender) => sender == Side.Client ? ClientToServer : ServerToClient;

    // The last 64-bit DSN of each side, indexed by Side, to expand 4-octet DSNs.
    internal ulong[] LastDsn { get; }

    internal bool[] FirstMappingSeen { get; } = new bool[2];

    // Addresses each side announced, by address ID (to tell a re-announcement with another address).
    internal Dictionary<byte, (MptcpAddress Address, ushort Port)>?[] Announced { get; } = new Dictionary<byte, (MptcpAddress, ushort)>?[2];

    internal void Add(Subflow subflow)
    {
        subflow.Connection = this;
        subflow.Number = _subflows.Count + 1;
        _subflows.Add(subflow);
        if (subflow.PendingFindings is { } pending)
        {
            // Found on the subflow before it was known to be this connection's (its handshake): in frame order.
            _findings.AddRange(pending);
            _findings.Sort((a, b) => a.Frame.CompareTo(b.Frame));
            subflow.PendingFindings = null;
        }
    }

    internal void Add(ConnectionEvent e) => _events.Add(e);

    internal void Add(Finding finding) => _findings.Add(finding);

    internal void Add(Reinjection reinjection) => _reinjections.Add(reinjection);

    // What each side sent and has not seen acknowledged, by Side.
    internal ReinjectionIndex?[] InFlight { get; } = new ReinjectionIndex?[2];
}
