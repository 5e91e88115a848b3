using System;
using System.Collections.Generic;
using System.Diagnostics;
using Mptcp.Codec.Capture.Synthesis;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Peer.Network;

/// <summary>
/// The peer's side of the TUN device: segments out (built by synth's <see cref="SegmentBuilder"/>, checksums
/// included), segments in (decoded; packets that are not TCP, such as IPv6 router solicitations, are skipped), and
/// a transcript of both for the run's report.
/// </summary>
public sealed class PeerLink : IDisposable
{
    private readonly TunDevice _tun;
    private readonly byte[] _buffer = new byte[65536];

    /// <summary>A link over <paramref name="tun"/>, which it disposes.</summary>
    public PeerLink(TunDevice tun) => _tun = tun;

    internal SegmentBuilder Builder { get; } = new();

    /// <summary>Every segment sent ("&lt;") and received ("&gt;"), as packetdrill writes their directions.</summary>
    public List<string> Transcript { get; } = [];

    /// <summary>Injects one IP packet.</summary>
    public void Write(ReadOnlySpan<byte> packet)
    {
        _tun.Write(packet);
        if (Segment.TryDecode(packet) is Segment s)
        {
            Transcript.Add($"< {s}");
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
                return s;
            }
        }
    }

    /// <summary>Closes the TUN device.</summary>
    public void Dispose() => _tun.Dispose();
}
