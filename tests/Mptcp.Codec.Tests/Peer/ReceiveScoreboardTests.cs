using System;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Tcp;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>
/// The peer's subflow receiver: RCV.NXT moves over what came in order and over the ranges kept past a hole once it
/// fills (RFC 9293 §3.10.7.4); the ranges are the SACK blocks, the latest arrival's first (RFC 2018 §4). Sequence
/// numbers start near 2^32 so that every case also wraps.
/// </summary>
public sealed class ReceiveScoreboardTests
{
    private const uint Isn = 0xFFFF_FC00; // 1,024 before the wrap

    private static uint At(int offset) => unchecked(Isn + (uint)offset);

    [Fact]
    public void A_hole_filled_moves_RCV_NXT_over_what_came_past_it()
    {
        var board = new ReceiveScoreboard();
        board.Start(At(0));
        Assert.Equal(Arrival.InOrder, board.Take(At(0), 1000, fin: false, out int first));
        Assert.Equal(Arrival.OutOfOrder, board.Take(At(2000), 1000, fin: false, out int past));
        Assert.Equal(Arrival.OutOfOrder, board.Take(At(4000), 500, fin: false, out _));
        Assert.Equal((1000, 1000, At(1000), 1500L), (first, past, board.Next, board.OutOfOrderOctets));
        Assert.Equal(Arrival.InOrder, board.Take(At(1000), 1000, fin: false, out int filled));
        Assert.Equal((1000, At(3000), 500L), (filled, board.Next, board.OutOfOrderOctets));
        Assert.Equal(1976u, board.Next); // 2^32 − 1,024 + 3,000 wraps to 1,976
    }

    [Fact]
    public void SACK_blocks_put_the_latest_arrival_first_then_the_others_in_order()
    {
        var board = new ReceiveScoreboard();
        board.Start(At(0));
        board.Take(At(1000), 100, fin: false, out _);
        board.Take(At(3000), 100, fin: false, out _);
        board.Take(At(2000), 100, fin: false, out _);
        board.Take(At(1100), 100, fin: false, out _); // joins the first range
        Span<SackBlock> blocks = stackalloc SackBlock[4];
        int count = board.WriteSackBlocks(blocks);
        Assert.Equal(3, count);
        Assert.Equal(new SackBlock(At(1000), At(1200)), blocks[0]);
        Assert.Equal(new SackBlock(At(2000), At(2100)), blocks[1]);
        Assert.Equal(new SackBlock(At(3000), At(3100)), blocks[2]);
        Assert.Equal(1, board.WriteSackBlocks(blocks[..1]));
    }

    [Fact]
    public void Octets_that_came_before_are_not_new()
    {
        var board = new ReceiveScoreboard();
        board.Start(At(0));
        board.Take(At(0), 1000, fin: false, out _);
        board.Take(At(1500), 500, fin: false, out _);
        Assert.Equal(Arrival.Duplicate, board.Take(At(0), 1000, fin: false, out int again));
        Assert.Equal(Arrival.Duplicate, board.Take(At(1500), 500, fin: false, out int kept));
        Assert.Equal(Arrival.InOrder, board.Take(At(500), 1200, fin: false, out int partly)); // 500 had, 500 new, 200 kept
        Assert.Equal((0, 0, 500, At(2000)), (again, kept, partly, board.Next));
    }

    [Fact]
    public void A_FIN_past_a_hole_is_taken_when_the_hole_fills()
    {
        var board = new ReceiveScoreboard();
        board.Start(At(0));
        board.Take(At(1000), 1000, fin: true, out _);
        Assert.False(board.FinReceived);
        board.Take(At(0), 1000, fin: false, out _);
        Assert.True(board.FinReceived);
        Assert.Equal(At(2001), board.Next); // the FIN takes one sequence number
        Assert.Equal(Arrival.Duplicate, board.Take(At(2000), 0, fin: true, out _));
    }

    [Fact]
    public void Nothing_is_kept_past_the_limit_or_past_the_most_ranges()
    {
        var board = new ReceiveScoreboard();
        board.Start(At(0));
        Assert.Equal(Arrival.BeyondWindow, board.Take(At(ReceiveScoreboard.Limit), 1, fin: false, out _));
        for (int i = 0; i < ReceiveScoreboard.MaxRanges; i++)
        {
            Assert.Equal(Arrival.OutOfOrder, board.Take(At(100 + 200 * i), 100, fin: false, out _));
        }

        Assert.Equal(Arrival.BeyondWindow, board.Take(At(100 + 200 * ReceiveScoreboard.MaxRanges), 100, fin: false, out _));
        Assert.Equal(Arrival.OutOfOrder, board.Take(At(200), 100, fin: false, out int bridged)); // merges two ranges: no new one
        Assert.Equal(100, bridged);
    }
}
