using System.Collections.Generic;

namespace Mptcp.Codec.Capture.Analysis;

// Keeps the flow table bounded, the way a firewall's connection tracking does: subflows that belong to no connection
// (unanswered SYNs, plain TCP flows, joins to unknown tokens) wait here in the order they appeared, and are evicted
// when more than capacity wait or when one has been idle longer than timeout of capture time. Subflows
// that joined a connection leave the queue the next time it reaches them and are never evicted. Measured on a
// 10 M-SYN capture in benchmarks/RESULTS.md: the table, and the process, stay the same size whatever the number of SYNs.
internal sealed class PendingSubflows(int capacity, long timeoutNanoseconds, System.Action<Subflow> evicted)
{
    private readonly Queue<Subflow> _order = new();
    private long _now;

    // MP_CAPABLE SYNs whose subflow never became part of a connection (evicted, or still waiting at the end), save
    // those whose handshake the snap length may have hidden (a header of theirs was cut).
    public long IncompleteHandshakes { get; private set; }

    // Subflows evicted from the table.
    public long Evicted { get; private set; }

    // MPTCP options the evicted subflows had carried (they still count as options outside any connection).
    public long EvictedOptions { get; private set; }

    // A new subflow, seen at now; evicts what the bound and the timeout ask for. Bounded: each
    // subflow already queued is moved to the back at most once a call, and each eviction or removal shortens the
    // queue, so a call costs at most twice the queue's length, whatever order the capture's times come in.
    public void Admit(Subflow subflow, long now, Dictionary<FlowKey, Subflow> table)
    {
        _now = now > _now ? now : _now;
        subflow.EnqueuedNanoseconds = _now;
        int moves = _order.Count;
        _order.Enqueue(subflow);
        while (_order.TryPeek(out Subflow? oldest))
        {
            if (oldest.Connection is not null)
            {
                _order.Dequeue(); // it joined a connection: no longer pending
            }
            else if (_order.Count > capacity || (timeoutNanoseconds > 0 && _now - oldest.LastSeenNanoseconds > timeoutNanoseconds))
            {
                _order.Dequeue();
                Evict(oldest, table); // over the cap (the oldest goes, busy or not), or idle too long
            }
            else if (timeoutNanoseconds > 0 && oldest.LastSeenNanoseconds > oldest.EnqueuedNanoseconds && moves-- > 0)
            {
                // Seen since it joined the queue: to the back, so that it does not shield idle ones behind it. Each
                // such move follows a packet of that subflow, so the moves cost no more than the packets. Its time in
                // the queue becomes the later of now and its last packet's: a capture's times can go back (merged
                // files, a clock stepped back, damage), and a subflow last seen "after now" must not look seen
                // anew at every turn.
                _order.Dequeue();
                oldest.EnqueuedNanoseconds = oldest.LastSeenNanoseconds > _now ? oldest.LastSeenNanoseconds : _now;
                _order.Enqueue(oldest);
            }
            else
            {
                break; // neither seen since queued nor idle: every later one was queued later, so none is idle
            }
        }
    }

    // At the end of the capture: the handshakes still waiting never completed either.
    public void Complete()
    {
        foreach (Subflow subflow in _order)
        {
            IncompleteHandshakes += subflow.Connection is null && subflow.CapableSyn && !subflow.HeaderCut ? 1 : 0;
        }

        _order.Clear();
    }

    private void Evict(Subflow subflow, Dictionary<FlowKey, Subflow> table)
    {
        // A newer subflow may hold the 4-tuple (a SYN with another ISN): only this one goes.
        if (table.TryGetValue(subflow.Key, out Subflow? current) && ReferenceEquals(current, subflow))
        {
            table.Remove(subflow.Key);
        }

        Evicted++;
        EvictedOptions += subflow.MptcpOptions;
        evicted(subflow);
        IncompleteHandshakes += subflow.CapableSyn && !subflow.HeaderCut ? 1 : 0;
    }
}
