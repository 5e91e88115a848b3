using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Diagnostics;
using System.Security.Cryptography;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Tcp;

/// <summary>
/// One TCP connection of the peer, in userspace. Receiving: RCV.NXT and what came past a hole
/// (<see cref="ReceiveScoreboard"/>), reported in SACK blocks when SACK is on, with a receive window that is what the
/// peer can take. Sending: no more in flight than the smaller of the kernel's window and the congestion window
/// (<see cref="CongestionWindow"/>); retransmission on timeout (RTO 200 ms, doubling, as Linux's minimum), at the third
/// duplicate ACK (RFC 5681 §3.2), and of the next hole at each partial ACK after either (RFC 6582), skipping what the
/// kernel's SACK blocks say it has. Timestamps (RFC 7323 §3) on every segment once both sides offered them. IPv4 or
/// IPv6; the addresses are the peer's own (routed to the TUN) and the kernel's.
/// </summary>
public sealed class TcpSubflow
{
    /// <summary>The MSS the peer's SYNs offer.</summary>
    public const ushort Mss = 1460;

    /// <summary>
    /// The receive window the peer offers, relative to what it acknowledges (4 MiB: what its data level keeps ahead of
    /// the next DSN, and less than what the subflow keeps past a hole); without window scaling, 65,535 of it.
    /// </summary>
    public const int ReceiveWindow = 4 << 20;

    private const int InitialRtoMs = 200;

    private readonly List<Unacknowledged> _unacknowledged = [];
    private readonly ReceiveScoreboard _received = new();
    private readonly CongestionWindow _congestion = new(Mss);
    private readonly long _createdTicks = Stopwatch.GetTimestamp();
    private readonly uint _timestampBase = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private long _lastSentTicks;
    private int _rtoMs = InitialRtoMs;
    private int _duplicateAcks;
    private bool _retransmitNow;
    private uint? _recoveryPoint;
    private bool _kernelOffersSack;
    private bool _kernelOffersTimestamps;
    private byte? _kernelWindowScale;
    private uint _timestampRecent;

    /// <summary>A subflow from the peer's address and port to the kernel's, with our ISN, offering <paramref name="features"/> in its SYN.</summary>
    public TcpSubflow(MptcpAddress localAddress, ushort localPort, MptcpAddress remoteAddress, ushort remotePort, uint initialSequence, TcpFeatures features = default)
    {
        LocalAddress = localAddress;
        LocalPort = localPort;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        InitialSequence = initialSequence;
        Features = features;
        SendNext = initialSequence;
        SendUnacknowledged = initialSequence;
    }

    /// <summary>The peer's address.</summary>
    public MptcpAddress LocalAddress { get; }

    /// <summary>The peer's port.</summary>
    public ushort LocalPort { get; }

    /// <summary>The kernel's address.</summary>
    public MptcpAddress RemoteAddress { get; }

    /// <summary>The kernel's port.</summary>
    public ushort RemotePort { get; }

    /// <summary>Our ISN.</summary>
    public uint InitialSequence { get; }

    /// <summary>What the peer's SYN offers besides MSS.</summary>
    public TcpFeatures Features { get; }

    /// <summary>SACK is on: both SYNs offered it.</summary>
    public bool UsesSack => Features.Sack && _kernelOffersSack;

    /// <summary>Timestamps are on: both SYNs offered them.</summary>
    public bool UsesTimestamps => Features.Timestamps && _kernelOffersTimestamps;

    /// <summary>Window scaling is on: both SYNs offered it.</summary>
    public bool UsesWindowScaling => Features.WindowScale is not null && _kernelWindowScale is not null;

    /// <summary>The kernel's ISN, from its SYN or SYN/ACK.</summary>
    public uint RemoteInitialSequence { get; private set; }

    /// <summary>The next sequence number we send.</summary>
    public uint SendNext { get; private set; }

    /// <summary>The oldest sequence number the kernel has not acknowledged.</summary>
    public uint SendUnacknowledged { get; private set; }

    /// <summary>The window the kernel last offered, in octets (scaled by its shift once window scaling is on).</summary>
    public int RemoteWindow { get; private set; } = 65535;

    /// <summary>The congestion window, in octets.</summary>
    public int CongestionWindow => _congestion.Window;

    /// <summary>Octets sent and not yet acknowledged.</summary>
    public int InFlight => (int)(SendNext - SendUnacknowledged);

    /// <summary>The next octet expected from the kernel.</summary>
    public uint ReceiveNext => _received.Next;

    /// <summary>The kernel's FIN came, and everything before it.</summary>
    public bool FinReceived => _received.FinReceived;

    /// <summary>Our next data octet's subflow sequence number, relative to our ISN (1 for the first).</summary>
    public uint RelativeSendNext => SendNext - InitialSequence;

    /// <summary>Whether <paramref name="length"/> more octets may be sent now: within the kernel's window and the congestion window.</summary>
    public bool HasRoomFor(int length) => InFlight + length <= Math.Min(RemoteWindow, _congestion.Window);

    /// <summary>Whether <paramref name="s"/> belongs to this subflow (kernel → peer).</summary>
    public bool Carries(Segment s) =>
        s.SourcePort == RemotePort && s.DestinationPort == LocalPort &&
        s.Source == RemoteAddress && s.Destination == LocalAddress;

    /// <summary>
    /// The room left for MPTCP options beside this subflow's own TCP options on a segment that is not a SYN: 40 less
    /// 12 octets once timestamps are on.
    /// </summary>
    public int OptionSpace => 40 - (UsesTimestamps ? 12 : 0);

    /// <summary>
    /// Builds and sends a segment with <paramref name="options"/> (a SYN with MSS and <see cref="Features"/> first);
    /// SYN, FIN and data are kept for retransmission.
    /// </summary>
    public void Send(PeerLink link, TcpFlags flags, ReadOnlySpan<byte> payload, ReadOnlySpan<MptcpOption> options, ReadOnlySpan<byte> tcpOptions = default)
    {
        link.Write(Build(link, SendNext, flags, payload, options, tcpOptions, timestamps: true));
        uint length = (uint)payload.Length + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u);
        if (length > 0)
        {
            _unacknowledged.Add(new Unacknowledged(SendNext + length, SendNext, flags, payload.ToArray(), options.ToArray(), tcpOptions.ToArray()));
            SendNext += length;
            _lastSentTicks = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>
    /// A pure ACK with <paramref name="option"/> and without the timestamps that would leave it no room (an IPv6
    /// ADD_ADDR with a port is 30 octets, timestamps 12): an MPTCP signal matters more than one segment's timestamps,
    /// which Linux does not require of every segment.
    /// </summary>
    public void SendWithoutTimestamps(PeerLink link, in MptcpOption option) =>
        link.Write(Build(link, SendNext, TcpFlags.Ack, default, [option], default, timestamps: false));

    // A segment sent and not yet acknowledged: what it takes to send it again, and whether a SACK block covers it.
    private sealed record Unacknowledged(uint End, uint Sequence, TcpFlags Flags, byte[] Payload, MptcpOption[] Options, byte[] TcpOptions)
    {
        public bool Sacked { get; set; }
    }

    // Takes in a segment of this subflow: learns the kernel's ISN and offers from a SYN, drops what it acknowledges
    // (or SACKs) from the retransmission queue, and places its octets in the subflow's sequence space.
    // newOctets is how many of them had not come before.
    internal Arrival Receive(Segment s, out int newOctets)
    {
        newOctets = 0;
        if (s.Has(TcpFlags.Syn))
        {
            RemoteInitialSequence = s.SequenceNumber;
            _received.Start(s.SequenceNumber + 1);
            _kernelOffersSack = s.SackPermitted;
            _kernelOffersTimestamps = s.Timestamp is not null;
            _kernelWindowScale = s.WindowScale;
        }

        if (s.Timestamp is (uint value, _) && (s.Has(TcpFlags.Syn) || (int)(s.SequenceNumber - _received.Next) <= 0))
        {
            _timestampRecent = value; // RFC 7323 §4.3: TS.Recent from a segment that does not start past RCV.NXT
        }

        int previousWindow = RemoteWindow;
        if (s.Has(TcpFlags.Ack))
        {
            // RFC 7323 §2.3: the window of a SYN is never scaled.
            RemoteWindow = UsesWindowScaling && !s.Has(TcpFlags.Syn) ? s.Window << Math.Min((int)_kernelWindowScale!, 14) : s.Window;
            TakeAcknowledgment(s, previousWindow);
        }

        return s.Has(TcpFlags.Syn) ? Arrival.InOrder : _received.Take(s.SequenceNumber, s.Payload.Length, s.Has(TcpFlags.Fin), out newOctets);
    }

    private void TakeAcknowledgment(Segment s, int previousWindow)
    {
        bool newlySacked = false;
        if (UsesSack)
        {
            foreach ((uint left, uint right) in s.SackBlocks)
            {
                foreach (Unacknowledged u in _unacknowledged)
                {
                    bool covered = (int)(u.Sequence - left) >= 0 && (int)(u.End - right) <= 0;
                    newlySacked |= covered && !u.Sacked;
                    u.Sacked |= covered;
                }
            }
        }

        int acked = (int)(s.AcknowledgmentNumber - SendUnacknowledged);
        if (acked > 0 && (int)(s.AcknowledgmentNumber - SendNext) <= 0)
        {
            SendUnacknowledged = s.AcknowledgmentNumber;
            _unacknowledged.RemoveAll(u => (int)(u.End - SendUnacknowledged) <= 0);
            _congestion.Acknowledged(acked);
            _rtoMs = InitialRtoMs;
            _duplicateAcks = 0;
            if (_recoveryPoint is uint recover)
            {
                // RFC 6582 §3.2: a partial ACK says the next hole is lost too; a full one ends the recovery.
                _retransmitNow = (int)(SendUnacknowledged - recover) < 0 && _unacknowledged.Count > 0;
                _recoveryPoint = _retransmitNow ? recover : null;
            }
        }
        else if (acked == 0 && s.Payload.Length == 0 && (s.Window == previousWindow || newlySacked) && !s.Has(TcpFlags.Syn | TcpFlags.Fin)
            && _unacknowledged.Count > 0 && ++_duplicateAcks == 3 && _recoveryPoint is null)
        {
            // RFC 5681 §3.2: the third duplicate ACK says the segment at SND.UNA was lost; send it again now. With SACK
            // an ACK that SACKs new data counts even when its window moved (RFC 6675 §2: Linux's window grows as
            // its buffer does, and its duplicate ACKs would otherwise not count).
            _congestion.FastRetransmit(InFlight);
            _recoveryPoint = SendNext;
            _retransmitNow = true;
        }
    }

    /// <summary>
    /// Re-sends the first unacknowledged segment no SACK block covers, when a duplicate or partial ACK asks for it or
    /// its retransmission timeout has passed; true if it did.
    /// </summary>
    public bool RetransmitIfDue(PeerLink link)
    {
        if (_unacknowledged.Count == 0 || (!_retransmitNow && Stopwatch.GetElapsedTime(_lastSentTicks).TotalMilliseconds < _rtoMs))
        {
            return false;
        }

        Unacknowledged segment = _unacknowledged.Find(u => !u.Sacked) ?? _unacknowledged[0];
        if (!_retransmitNow)
        {
            // RFC 6298 §5.5 and RFC 5681 §3.1: back off, one segment of window, and recover hole by hole from here.
            _rtoMs = Math.Min(_rtoMs * 2, 5_000);
            _congestion.Timeout(InFlight);
            _recoveryPoint = SendNext;
            segment = _unacknowledged[0];
            foreach (Unacknowledged u in _unacknowledged)
            {
                u.Sacked = false; // RFC 2018 §8: after a timeout the receiver may have dropped what it SACKed
            }
        }

        FastRetransmissions += _retransmitNow ? 1 : 0;
        _retransmitNow = false;

        // Built again with today's acknowledgment number: Linux drops a segment whose ACK is more than a window
        // behind what it has sent (tcp_ack, TCP_TOO_OLD_ACK), so the copy as first sent could never get through.
        link.Write(Build(link, segment.Sequence, segment.Flags, segment.Payload, segment.Options, segment.TcpOptions, timestamps: true));
        _lastSentTicks = Stopwatch.GetTimestamp();
        Retransmissions++;
        return true;
    }

    /// <summary>How many segments were sent again at a duplicate or partial ACK, not at the timeout.</summary>
    public int FastRetransmissions { get; private set; }

    /// <summary>How many of our segments were sent again.</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Whether everything we sent is acknowledged.</summary>
    public bool AllAcknowledged => _unacknowledged.Count == 0;

    private ReadOnlySpan<byte> Build(PeerLink link, uint sequence, TcpFlags flags, ReadOnlySpan<byte> payload, ReadOnlySpan<MptcpOption> options, ReadOnlySpan<byte> tcpOptions, bool timestamps)
    {
        bool syn = (flags & TcpFlags.Syn) != 0;
        var builder = new TcpPacketBuilder(LocalAddress, LocalPort, RemoteAddress, RemotePort)
        {
            SequenceNumber = sequence,
            AcknowledgmentNumber = (flags & TcpFlags.Ack) != 0 ? ReceiveNext : 0,
            Flags = flags,
        };
        if (syn)
        {
            AddSynOptions(ref builder, synAck: (flags & TcpFlags.Ack) != 0);
        }
        else if (UsesTimestamps && timestamps)
        {
            builder.AddNop();
            builder.AddNop();
            builder.AddTimestamps(TimestampNow(), _timestampRecent);
        }

        builder.AddRawOptions(tcpOptions);
        foreach (MptcpOption option in options)
        {
            builder.AddOption(option);
        }

        if (!syn && UsesSack && (flags & TcpFlags.Rst) == 0)
        {
            Span<SackBlock> blocks = stackalloc SackBlock[4];
            int fit = Math.Min(_received.WriteSackBlocks(blocks), (builder.RemainingOptionSpace - 4) / 8);
            if (fit > 0)
            {
                builder.AddNop();
                builder.AddNop();
                builder.AddSack(blocks[..fit]);
            }
        }

        // The window: all the peer can take, in the units both sides agreed; a SYN's is never scaled (RFC 7323 §2.2).
        int shift = UsesWindowScaling && !syn ? Features.WindowScale!.Value : 0;
        builder.Window = (ushort)Math.Min(65535, ReceiveWindow >> shift);
        return link.Packet(builder, payload);
    }

    // MSS, then SACK-permitted, timestamps and window scale as offered (on a SYN/ACK only those the kernel's SYN offered), in Linux's layout.
    private void AddSynOptions(ref TcpPacketBuilder builder, bool synAck)
    {
        bool sack = Features.Sack && (!synAck || _kernelOffersSack);
        bool ts = Features.Timestamps && (!synAck || _kernelOffersTimestamps);
        bool scale = Features.WindowScale is not null && (!synAck || _kernelWindowScale is not null);
        builder.AddMaximumSegmentSize(Mss);
        if (ts)
        {
            if (sack)
            {
                builder.AddSackPermitted();
            }
            else
            {
                builder.AddNop();
                builder.AddNop();
            }

            builder.AddTimestamps(TimestampNow(), synAck ? _timestampRecent : 0);
        }
        else if (sack)
        {
            builder.AddNop();
            builder.AddNop();
            builder.AddSackPermitted();
        }

        if (scale)
        {
            builder.AddNop();
            builder.AddWindowScale(Math.Min(Features.WindowScale!.Value, (byte)14));
        }
    }

    private uint TimestampNow() => _timestampBase + (uint)Stopwatch.GetElapsedTime(_createdTicks).TotalMilliseconds;
}
