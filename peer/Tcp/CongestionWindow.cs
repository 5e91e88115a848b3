using System;

namespace Mptcp.Codec.Peer.Tcp;

// The sender's congestion window, as RFC 5681 gives it (Reno): slow start from ten segments (RFC 6928), with
// appropriate byte counting of at most two segments an ACK (RFC 3465); congestion avoidance past ssthresh, one
// segment a window; at a fast retransmit ssthresh and the window become half what was in flight; after a timeout the
// window is one segment. The peer sends no more than the smaller of this and the kernel's window.
internal sealed class CongestionWindow(int mss)
{
    // The window in octets.
    public int Window { get; private set; } = 10 * mss;

    // The slow-start threshold in octets (unbounded until the first loss).
    public int SlowStartThreshold { get; private set; } = int.MaxValue;

    // New octets acknowledged.
    public void Acknowledged(int octets)
    {
        if (octets <= 0)
        {
            return;
        }

        int growth = Window < SlowStartThreshold
            ? Math.Min(octets, 2 * mss)
            : Math.Max(1, (int)((long)mss * mss / Window));
        Window = (int)Math.Min((long)Window + growth, int.MaxValue / 2);
    }

    // The third duplicate ACK: the segment at SND.UNA is sent again.
    public void FastRetransmit(int inFlight)
    {
        SlowStartThreshold = Math.Max(inFlight / 2, 2 * mss);
        Window = SlowStartThreshold;
    }

    // The retransmission timer expired.
    public void Timeout(int inFlight)
    {
        SlowStartThreshold = Math.Max(inFlight / 2, 2 * mss);
        Window = mss;
    }
}
