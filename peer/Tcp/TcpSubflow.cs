using System;
using System.Collections.Generic;
using System.Diagnostics;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Tcp;

/// <summary>
/// One TCP connection of the peer, in userspace: sequence and acknowledgment numbers, the window it offers, and
/// retransmission of its own segments that the kernel has not acknowledged (RTO 200 ms, doubling, as Linux's minimum).
/// IPv4 or IPv6; the addresses are the peer's own (routed to the TUN) and the kernel's.
/// </summary>
public sealed class TcpSubflow
{
    private const int InitialRtoMs = 200;

    private readonly List<Unacknowledged> _unacknowledged = [];
    private long _lastSentTicks;
    private int _rtoMs = InitialRtoMs;
    private int _duplicateAcks;
    private bool _fastRetransmit;

    /// <summary>A subflow from the peer's address and port to the kernel's, with our ISN.</summary>
    public TcpSubflow(MptcpAddress localAddress, ushort localPort, MptcpAddress remoteAddress, ushort remotePort, uint initialSequence)
    {
        LocalAddress = localAddress;
        LocalPort = localPort;
        RemoteAddress = remoteAddress;
        RemotePort = remotePort;
        InitialSequence = initialSequence;
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

    /// <summary>The kernel's ISN, from its SYN or SYN/ACK.</summary>
    public uint RemoteInitialSequence { get; private set; }

    /// <summary>The next sequence number we send.</summary>
    public uint SendNext { get; private set; }

    /// <summary>The oldest sequence number the kernel has not acknowledged.</summary>
    public uint SendUnacknowledged { get; private set; }

    /// <summary>
    /// The window the kernel last offered, in octets (the peer's SYN offers no window scaling, so it is the raw
    /// field); the peer keeps no more than this unacknowledged.
    /// </summary>
    public int RemoteWindow { get; private set; } = 65535;

    /// <summary>Octets sent and not yet acknowledged.</summary>
    public int InFlight => (int)(SendNext - SendUnacknowledged);

    /// <summary>The next octet expected from the kernel.</summary>
    public uint ReceiveNext { get; private set; }

    /// <summary>Our next data octet's subflow sequence number, relative to our ISN (1 for the first).</summary>
    public uint RelativeSendNext => SendNext - InitialSequence;

    /// <summary>Whether <paramref name="s"/> belongs to this subflow (kernel → peer).</summary>
    public bool Carries(Segment s) =>
        s.SourcePort == RemotePort && s.DestinationPort == LocalPort &&
        s.Source == RemoteAddress && s.Destination == LocalAddress;

    /// <summary>Builds and sends a segment with <paramref name="options"/>; SYN, FIN and data are kept for retransmission.</summary>
    public void Send(PeerLink link, TcpFlags flags, ReadOnlySpan<byte> payload, ReadOnlySpan<MptcpOption> options, ReadOnlySpan<byte> tcpOptions = default)
    {
        link.Builder.ClearOptions();
        if (!tcpOptions.IsEmpty)
        {
            link.Builder.AddTcpOption(tcpOptions);
        }

        foreach (MptcpOption option in options)
        {
            link.Builder.Add(option);
        }

        ReadOnlySpan<byte> packet = link.Builder.Build(LocalAddress, LocalPort, RemoteAddress, RemotePort, SendNext, ReceiveNext, flags, payload);
        link.Write(packet);
        uint length = (uint)payload.Length + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u);
        if (length > 0)
        {
            _unacknowledged.Add(new Unacknowledged(SendNext + length, SendNext, flags, payload.ToArray(), options.ToArray(), tcpOptions.ToArray()));
            SendNext += length;
            _lastSentTicks = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>A segment sent and not yet acknowledged: what it takes to send it again.</summary>
    private sealed record Unacknowledged(uint End, uint Sequence, TcpFlags Flags, byte[] Payload, MptcpOption[] Options, byte[] TcpOptions);

    /// <summary>
    /// Takes in a segment of this subflow: learns the kernel's ISN from a SYN, drops what it acknowledges from the
    /// retransmission queue, and returns the payload that is next in sequence (empty for a duplicate or a segment
    /// beyond a hole: the kernel sends it again).
    /// </summary>
    public ReadOnlySpan<byte> Receive(Segment s)
    {
        if (s.Has(TcpFlags.Syn))
        {
            RemoteInitialSequence = s.SequenceNumber;
            ReceiveNext = s.SequenceNumber + 1;
        }

        int previousWindow = RemoteWindow;
        if (s.Has(TcpFlags.Ack))
        {
            RemoteWindow = s.Window;
        }

        if (s.Has(TcpFlags.Ack) && (int)(s.AcknowledgmentNumber - SendUnacknowledged) > 0)
        {
            SendUnacknowledged = s.AcknowledgmentNumber;
            _unacknowledged.RemoveAll(u => (int)(u.End - SendUnacknowledged) <= 0);
            _rtoMs = InitialRtoMs;
            _duplicateAcks = 0;
        }
        else if (s.Has(TcpFlags.Ack) && s.AcknowledgmentNumber == SendUnacknowledged && s.Payload.Length == 0 && s.Window == previousWindow
            && !s.Has(TcpFlags.Syn | TcpFlags.Fin) && _unacknowledged.Count > 0)
        {
            // RFC 5681 §3.2: the third duplicate ACK says the segment at SND.UNA was lost; send it again now.
            _fastRetransmit |= ++_duplicateAcks == 3;
        }

        if (s.Has(TcpFlags.Syn) || s.SequenceNumber != ReceiveNext)
        {
            return default;
        }

        ReceiveNext += (uint)s.Payload.Length + (s.Has(TcpFlags.Fin) ? 1u : 0u);
        return s.Payload;
    }

    /// <summary>Re-sends the oldest unacknowledged segment once its retransmission timeout has passed; true if it did.</summary>
    public bool RetransmitIfDue(PeerLink link)
    {
        if (_unacknowledged.Count == 0 || (!_fastRetransmit && Stopwatch.GetElapsedTime(_lastSentTicks).TotalMilliseconds < _rtoMs))
        {
            return false;
        }

        if (_fastRetransmit)
        {
            _fastRetransmit = false;
            FastRetransmissions++;
        }
        else
        {
            _rtoMs = Math.Min(_rtoMs * 2, 5_000);
        }

        // Built again with today's acknowledgment number: Linux drops a segment whose ACK is more than a window
        // behind what it has sent (tcp_ack, TCP_TOO_OLD_ACK), so the copy as first sent could never get through.
        Unacknowledged oldest = _unacknowledged[0];
        link.Builder.ClearOptions();
        if (oldest.TcpOptions.Length > 0)
        {
            link.Builder.AddTcpOption(oldest.TcpOptions);
        }

        foreach (MptcpOption option in oldest.Options)
        {
            link.Builder.Add(option);
        }

        link.Write(link.Builder.Build(LocalAddress, LocalPort, RemoteAddress, RemotePort, oldest.Sequence, ReceiveNext, oldest.Flags, oldest.Payload));
        _lastSentTicks = Stopwatch.GetTimestamp();
        Retransmissions++;
        return true;
    }

    /// <summary>How many of them were sent again at the third duplicate ACK, not at the timeout.</summary>
    public int FastRetransmissions { get; private set; }

    /// <summary>How many of our segments were sent again.</summary>
    public int Retransmissions { get; private set; }

    /// <summary>Whether everything we sent is acknowledged.</summary>
    public bool AllAcknowledged => _unacknowledged.Count == 0;
}
