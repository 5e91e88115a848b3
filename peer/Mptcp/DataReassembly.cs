using System;
using System.Collections.Generic;
using System.IO;

namespace Mptcp.Codec.Peer.Mptcp;

// The data level of the peer's receiver: octets that arrive on any subflow, in any DSN order, are kept until every
// octet before them has come, then delivered in DSN order. Octets already delivered (a reinjection of data that came
// on another subflow) are dropped; a DATA_FIN is taken when the octets before it are in. Bounded: the kernel sends no
// further than the window past the DATA_ACK (RFC 8684 §3.3.4), and nothing past Limit octets ahead of
// the next expected DSN is kept. Cost: one sorted-list insertion per segment that comes early.
internal sealed class DataReassembly(Stream delivered)
{
    // The most octets kept ahead of the next expected DSN (4 MiB: far past any window the peer offers).
    public const ulong Limit = 4 << 20;

    private readonly SortedList<ulong, byte[]> _early = [];
    private ulong? _dataFin;

    // The next DSN expected: the DATA_ACK the peer sends.
    public ulong Next { get; private set; }

    // True once the DATA_FIN and every octet before it came.
    public bool DataFinReceived { get; private set; }

    // Octets kept because they came before octets with a lower DSN.
    public int EarlyOctets { get; private set; }

    // Starts the data level at the peer's IDSN + 1.
    public void Start(ulong next) => Next = next;

    // Takes payload mapped at dsn.
    public void Add(ulong dsn, ReadOnlySpan<byte> payload)
    {
        ulong end = dsn + (ulong)payload.Length;
        if (end <= Next || payload.IsEmpty)
        {
            return; // every octet was delivered already
        }

        if (dsn > Next)
        {
            if (dsn - Next < Limit && !_early.ContainsKey(dsn))
            {
                _early.Add(dsn, payload.ToArray());
                EarlyOctets += payload.Length;
            }

            return;
        }

        Deliver(payload[(int)(Next - dsn)..]);
        while (_early.Count > 0 && _early.Keys[0] <= Next)
        {
            (ulong at, byte[] octets) = (_early.Keys[0], _early.Values[0]);
            _early.RemoveAt(0);
            EarlyOctets -= octets.Length;
            if (at + (ulong)octets.Length > Next)
            {
                Deliver(octets.AsSpan((int)(Next - at)));
            }
        }

        TakeDataFin();
    }

    // A DATA_FIN at dsn (the DSN after the last octet).
    public void DataFin(ulong dsn)
    {
        _dataFin = dsn;
        TakeDataFin();
    }

    private void Deliver(ReadOnlySpan<byte> octets)
    {
        delivered.Write(octets);
        Next += (ulong)octets.Length;
    }

    private void TakeDataFin()
    {
        if (_dataFin == Next && !DataFinReceived)
        {
            DataFinReceived = true;
            Next++; // the DATA_FIN takes one DSN
        }
    }
}
