using System;
using System.IO;
using System.Linq;
using Mptcp.Codec.Peer.Mptcp;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>
/// The peer's data level keeps what comes early and delivers in DSN order, once: the octets are numbered 0, 1, 2, …
/// from DSN 1000, so what must come out is known before anything goes in.
/// </summary>
public sealed class DataReassemblyTests
{
    private static readonly byte[] Octets = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();

    [Fact]
    public void Segments_of_two_subflows_in_any_order_come_out_in_DSN_order()
    {
        var delivered = new MemoryStream();
        var data = new DataReassembly(delivered);
        data.Start(1000);
        // Subflow B's mappings arrive before subflow A's, and A's second before its first.
        data.Add(1000 + 3000, Octets.AsSpan(3000, 2000));
        data.Add(1000 + 1500, Octets.AsSpan(1500, 1500));
        Assert.Equal((1000UL, 3500), (data.Next, data.EarlyOctets));
        data.Add(1000, Octets.AsSpan(0, 1500));
        Assert.Equal(Octets, delivered.ToArray());
        Assert.Equal((6000UL, 0), (data.Next, data.EarlyOctets));
    }

    [Fact]
    public void Octets_that_come_twice_are_delivered_once()
    {
        var delivered = new MemoryStream();
        var data = new DataReassembly(delivered);
        data.Start(1000);
        data.Add(1000, Octets.AsSpan(0, 2000));
        data.Add(1000 + 1000, Octets.AsSpan(1000, 2000)); // a reinjection overlapping the tail of what came
        data.Add(1000, Octets.AsSpan(0, 500)); // a reinjection of what came long ago
        Assert.Equal(Octets[..3000], delivered.ToArray());
        Assert.Equal(4000UL, data.Next);
    }

    [Fact]
    public void A_DATA_FIN_before_the_last_octets_is_taken_once_they_come()
    {
        var delivered = new MemoryStream();
        var data = new DataReassembly(delivered);
        data.Start(1000);
        data.DataFin(1000 + 2000);
        data.Add(1000 + 1000, Octets.AsSpan(1000, 1000));
        Assert.False(data.DataFinReceived);
        data.Add(1000, Octets.AsSpan(0, 1000));
        // RFC 8684 §3.3.3: the DATA_FIN takes one DSN of its own, so the DATA_ACK is the DSN after it.
        Assert.Equal((true, 3001UL), (data.DataFinReceived, data.Next));
    }

    [Fact]
    public void Nothing_past_the_limit_ahead_is_kept()
    {
        var data = new DataReassembly(new MemoryStream());
        data.Start(1000);
        data.Add(1000 + DataReassembly.Limit, Octets.AsSpan(0, 100));
        data.Add(1000 + DataReassembly.Limit - 100, Octets.AsSpan(0, 100));
        Assert.Equal(100, data.EarlyOctets);
    }
}
