using System;
using System.Collections.Generic;
using System.Threading;
using Mptcp.Codec.Capture.Analysis;
using Xunit;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The pending-subflow queue when a capture's times go back (merged files, a clock stepped back, damage): every
/// admission ends, and evicts what its rules say.
/// </summary>
public sealed class PendingSubflowsTests
{
    private static readonly long Second = TimeSpan.FromSeconds(1).Ticks * 100;

    [Fact]
    public void An_admission_ends_when_time_goes_back_past_the_timeout()
    {
        var table = new Dictionary<FlowKey, Subflow>();
        var evicted = new List<Subflow>();
        var pending = new PendingSubflows(16, 120 * Second, evicted.Add);

        // A subflow admitted at 10 s and last seen at 20 s; then a new one admitted at -500 s (200 + 120 s earlier
        // than anything before): the new one is idle beyond the timeout at once, and the older one looks "seen since
        // queued" against a clock that now lags behind its last packet. This used to turn forever.
        Subflow first = Admit(pending, table, 1, 10 * Second);
        first.LastSeenNanoseconds = 20 * Second;
        Subflow second = New(2, -500 * Second);
        table[second.Key] = second;
        var admission = new Thread(() => pending.Admit(second, -500 * Second, table)) { IsBackground = true };
        admission.Start();
        Assert.True(admission.Join(TimeSpan.FromSeconds(10)), "the admission did not end");

        // The queue's clock never goes back (it stays at 10 s): the newcomer, last seen 510 s before it, is idle and
        // goes; the first, seen since it was queued, stays.
        Assert.Equal([second], evicted);
        Assert.True(table.ContainsKey(first.Key));
        Assert.Equal(1, pending.Evicted);
    }

    [Fact]
    public void A_subflow_seen_after_the_clock_is_moved_once_then_the_walk_stops()
    {
        var table = new Dictionary<FlowKey, Subflow>();
        var pending = new PendingSubflows(16, 120 * Second, _ => { });
        Subflow[] seenLater = [Admit(pending, table, 1, 0), Admit(pending, table, 2, 0), Admit(pending, table, 3, 0)];
        foreach (Subflow subflow in seenLater)
        {
            subflow.LastSeenNanoseconds = 50 * Second; // later than any admission's time
        }

        Subflow late = Admit(pending, table, 4, 1 * Second);

        // Each seen-later subflow went to the back once, stamped with its own last time: none is "seen anew" again.
        Assert.All(seenLater, s => Assert.Equal(50 * Second, s.EnqueuedNanoseconds));
        Assert.Equal(1 * Second, late.EnqueuedNanoseconds);
        Assert.Equal(4, table.Count);
    }

    private static Subflow Admit(PendingSubflows pending, Dictionary<FlowKey, Subflow> table, int port, long now)
    {
        Subflow subflow = New(port, now);
        table[subflow.Key] = subflow;
        pending.Admit(subflow, now, table);
        return subflow;
    }

    private static Subflow New(int port, long now)
    {
        var client = new Endpoint(MptcpAddress.FromIPv4(0x0A000001), (ushort)(40000 + port));
        var server = new Endpoint(MptcpAddress.FromIPv4(0x0A000002), 80);
        return new Subflow(0, client, server, port) { Key = new FlowKey(client, server), LastSeenNanoseconds = now };
    }
}
