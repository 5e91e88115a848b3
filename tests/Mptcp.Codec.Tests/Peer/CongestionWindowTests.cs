using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>
/// The peer sender's congestion window against the numbers of RFC 5681, 6928 and 3465 worked by hand for an MSS of
/// 1,460: IW = 10 × 1,460 = 14,600; slow start adds min(acked, 2 × MSS); congestion avoidance adds MSS² / cwnd an ACK.
/// </summary>
public sealed class CongestionWindowTests
{
    [Fact]
    public void Slow_start_from_ten_segments_grows_at_most_two_segments_an_ACK()
    {
        var cwnd = new CongestionWindow(1460);
        Assert.Equal(14_600, cwnd.Window);
        cwnd.Acknowledged(1000);
        Assert.Equal(15_600, cwnd.Window);
        cwnd.Acknowledged(10_000); // a stretch ACK: RFC 3465's L = 2 caps it at 2,920
        Assert.Equal(18_520, cwnd.Window);
        cwnd.Acknowledged(0);
        Assert.Equal(18_520, cwnd.Window);
    }

    [Fact]
    public void A_fast_retransmit_halves_and_congestion_avoidance_grows_a_segment_a_window()
    {
        var cwnd = new CongestionWindow(1460);
        cwnd.FastRetransmit(inFlight: 40_000);
        Assert.Equal((20_000, 20_000), (cwnd.Window, cwnd.SlowStartThreshold));
        cwnd.Acknowledged(1460);
        Assert.Equal(20_000 + 106, cwnd.Window); // 1,460² / 20,000 = 106.58, rounded down
    }

    [Fact]
    public void A_timeout_leaves_one_segment_and_ssthresh_at_least_two()
    {
        var cwnd = new CongestionWindow(1460);
        cwnd.Timeout(inFlight: 2000);
        Assert.Equal((1460, 2920), (cwnd.Window, cwnd.SlowStartThreshold));
        cwnd.Acknowledged(1460); // below ssthresh: slow start again
        Assert.Equal(2920, cwnd.Window);
    }
}
