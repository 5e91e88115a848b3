using System;
using System.Collections.Generic;
using System.Diagnostics;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Peer.Network;

/// <summary>Sees one IP packet that crossed the TUN device, as it crossed it.</summary>
/// <param name="packet">The IP packet, from its IP header on.</param>
/// <param name="fromPeer">True for a packet the peer sent, false for one the kernel sent.</param>
/// <param name="timestampNanoseconds">When it crossed, in nanoseconds since 1970.</param>
public delegate void LinkObserver(ReadOnlySpan<byte> packet, bool fromPeer, long timestampNanoseconds);

/// <summary>
/// The peer's side of the TUN device: segments out (built by <see cref="TcpPacketBuilder"/>, checksums
/// included), segments in (decoded; packets that are not TCP, such as IPv6 router solicitations, are skipped), a
/// transcript of both for the run's report, and every TCP packet both ways to its observers (the verifier, a capture).
/// </summary>
public sealed class PeerLink : IDisposable
{
    private readonly TunDevice _tun;
    private readonly byte[] _buffer = new byte[65536];

    /// <summary>A link over <paramref name="tun"/>, which it disposes.</summary>
    public PeerLink(TunDevice tun) => _tun = tun;

    private readonly byte[] _packet = new byte[65535];

    // The packet the builder makes of a segment, in the one buffer sends use (the peer sends from one thread).
    internal ReadOnlySpan<byte> Packet(scoped in TcpPacketBuilder builder, ReadOnlySpan<byte> payload)
    {
        builder.TryWrite(payload, _packet, out int length);
        return _packet.AsSpan(0, length);
    }

    /// <summary>Every segment sent ("&lt;") and received ("&gt;"), as packetdrill writes their directions.</summary>
    public List<string> Transcript { get; } = [];

    /// <summary>Called with every TCP packet either side sends, in the order they cross the device.</summary>
    public event LinkObserver? Observed;

    /// <summary>Injects one IP packet.</summary>
    public void Write(ReadOnlySpan<byte> packet)
    {
        _tun.Write(packet);
        if (Segment.TryDecode(packet) is Segment s)
        {
            Transcript.Add($"< {s}");
            Observed?.Invoke(packet, fromPeer: true, Now());
        }
    }

    /// <summary>The next TCP segment the kernel sends, waiting up to <paramref name="timeoutMs"/>; null when none came.</summary>
    public Segment? Read(int timeoutMs)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            int left = timeoutMs - (int)clock.ElapsedMilliseconds;
            if (left <= 0)
            {
                return null;
            }

            int length = _tun.Read(_buffer, left);
            if (length > 0 && Segment.TryDecode(_buffer.AsSpan(0, length)) is Segment s)
            {
                Transcript.Add($"> {s}");
                Observed?.Invoke(_buffer.AsSpan(0, length), fromPeer: false, Now());
                return s;
            }
        }
    }

    private static long Now() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    /// <summary>Closes the TUN device.</summary>
    public void Dispose() => _tun.Dispose();
}
