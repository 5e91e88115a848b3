using System;
using System.Diagnostics;
using System.IO;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Mptcp;

/// <summary>
/// An MPTCP v1 connection of the peer (RFC 8684) that connects to a kernel listener: the MP_CAPABLE handshake with
/// the peer's key and the kernel's (learned from its SYN/ACK), data with DSS mappings (64-bit DSN, with the DSS
/// checksum when either side asked for it), DATA_ACKs, and DATA_FIN both ways. Data-level sequence numbers start at
/// each side's IDSN + 1 (the IDSN is the low 64 bits of SHA-256 of the key).
/// </summary>
public sealed class PeerConnection
{
    /// <summary>The MSS the peer's SYN offers (and no other TCP option: no timestamps, SACK or window scaling).</summary>
    public const ushort Mss = 1460;

    private readonly PeerLink _link;
    private ulong _sendDsn;
    private ulong _receiveDsn;
    private (ulong Dsn, uint Ssn, ushort Length)? _mapping;

    /// <summary>A connection over <paramref name="initial"/> (not yet connected) with the peer's key <paramref name="localKey"/>.</summary>
    public PeerConnection(PeerLink link, TcpSubflow initial, ulong localKey, bool requestChecksums)
    {
        _link = link;
        Initial = initial;
        LocalKey = localKey;
        RequestChecksums = requestChecksums;
        _sendDsn = MptcpKeys.InitialDataSequenceNumber(localKey, MptcpVersion.V1) + 1;
    }

    /// <summary>The initial subflow.</summary>
    public TcpSubflow Initial { get; }

    /// <summary>The peer's key.</summary>
    public ulong LocalKey { get; }

    /// <summary>The kernel's key, from its SYN/ACK.</summary>
    public ulong RemoteKey { get; private set; }

    /// <summary>Whether the peer's SYN and third ACK set the checksum flag A.</summary>
    public bool RequestChecksums { get; }

    /// <summary>DSS checksums are in use: either side asked (RFC 8684 §3.1).</summary>
    public bool Checksums { get; private set; }

    /// <summary>The data the kernel sent, in DSN order, without holes.</summary>
    public MemoryStream Received { get; } = new();

    /// <summary>The kernel's last DATA_ACK, 64-bit.</summary>
    public ulong RemoteDataAck { get; private set; }

    /// <summary>The next DSN the peer sends.</summary>
    public ulong SendDsn => _sendDsn;

    /// <summary>The kernel sent DATA_FIN and every octet before it arrived.</summary>
    public bool RemoteDataFin { get; private set; }

    /// <summary>The kernel sent a TCP FIN on the initial subflow.</summary>
    public bool RemoteFin { get; private set; }

    /// <summary>The kernel reset the subflow.</summary>
    public bool Reset { get; private set; }

    /// <summary>SYN (MSS, MP_CAPABLE v1 with H and A as asked), the kernel's SYN/ACK with its key, the third ACK with both keys.</summary>
    public void Connect(int timeoutMs)
    {
        ReadOnlySpan<byte> mss = [2, 4, Mss >> 8, Mss & 0xFF];
        var syn = new MpCapableOption { Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums };
        Initial.Send(_link, TcpFlags.Syn, default, [syn], mss);
        Segment synAck = Expect(s => s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack), timeoutMs, "the kernel's SYN/ACK")
            ?? throw new TimeoutException("no SYN/ACK from the kernel");
        if (!synAck.TryGetCapable(out MpCapableOption capable) || !capable.HasSenderKey)
        {
            throw new InvalidOperationException($"the kernel's SYN/ACK has no MP_CAPABLE with a key: {synAck}");
        }

        RemoteKey = capable.SenderKey;
        Checksums = RequestChecksums || capable.ChecksumRequired;
        _receiveDsn = MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1;
        RemoteDataAck = _sendDsn;
        var ack = new MpCapableOption
        {
            Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums,
            SenderKey = LocalKey, HasSenderKey = true, ReceiverKey = RemoteKey, HasReceiverKey = true,
        };
        Initial.Send(_link, TcpFlags.Ack, default, [ack]);
    }

    /// <summary>Sends data in segments, each with its own mapping.</summary>
    /// <param name="data">The octets.</param>
    /// <param name="segmentSize">The most octets a segment carries.</param>
    /// <param name="corruptChecksum">Send each mapping's DSS checksum wrong (one's complement of the right one).</param>
    public void Send(ReadOnlySpan<byte> data, int segmentSize = 1200, bool corruptChecksum = false)
    {
        for (int at = 0; at < data.Length; at += segmentSize)
        {
            ReadOnlySpan<byte> chunk = data.Slice(at, Math.Min(segmentSize, data.Length - at));
            uint ssn = Initial.RelativeSendNext;
            DssOption dss = Mapping(_sendDsn, ssn, (ushort)chunk.Length, chunk, dataFin: false);
            if (corruptChecksum)
            {
                dss.Checksum = (ushort)~dss.Checksum;
            }

            Initial.Send(_link, TcpFlags.Ack | TcpFlags.Psh, chunk, [dss]);
            _sendDsn += (ulong)chunk.Length;
        }
    }

    /// <summary>DATA_FIN on a segment without data: DSN = the next one, subflow sequence 0, length 1 (RFC 8684 §3.3.3).</summary>
    public void SendDataFin()
    {
        Initial.Send(_link, TcpFlags.Ack, default, [Mapping(_sendDsn, 0, 1, default, dataFin: true)]);
        _sendDsn++;
    }

    /// <summary>TCP FIN on the initial subflow, with a DATA_ACK.</summary>
    public void SendFin() => Initial.Send(_link, TcpFlags.Fin | TcpFlags.Ack, default, [DataAck()]);

    /// <summary>
    /// Takes the kernel's segments (acknowledging each at TCP and data level, re-sending our own on timeout) until
    /// <paramref name="condition"/> holds or <paramref name="timeoutMs"/> passes; whether it held.
    /// </summary>
    public bool WaitUntil(Func<bool> condition, int timeoutMs) =>
        condition() || Expect(_ => condition(), timeoutMs, "a condition") is not null;

    /// <summary>Takes segments as <see cref="WaitUntil"/> does until one matches <paramref name="match"/>; null on timeout.</summary>
    public Segment? Expect(Func<Segment, bool> match, int timeoutMs, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            Initial.RetransmitIfDue(_link);
            Segment? s = _link.Read(Math.Min(50, timeoutMs - (int)clock.ElapsedMilliseconds));
            if (s is null || !Initial.Carries(s))
            {
                continue;
            }

            Take(s);
            if (match(s))
            {
                return s;
            }
        }

        _ = what;
        return null;
    }

    private void Take(Segment s)
    {
        Reset |= s.Has(TcpFlags.Rst);
        uint before = Initial.ReceiveNext;
        ReadOnlySpan<byte> payload = Initial.Receive(s);
        bool dataFin = false;
        if (s.TryGetDss(out DssOption dss))
        {
            if (dss.DataAckPresent)
            {
                RemoteDataAck = dss.DataAckIs8Octets ? dss.DataAck : Expand(RemoteDataAck, (uint)dss.DataAck);
            }

            if (dss.MappingPresent)
            {
                ulong dsn = dss.DataSequenceNumberIs8Octets ? dss.DataSequenceNumber : Expand(_receiveDsn, (uint)dss.DataSequenceNumber);
                _mapping = (dsn, dss.SubflowSequenceNumber, dss.DataLevelLength);
                dataFin = dss.DataFin;
            }
        }

        if (!payload.IsEmpty && _mapping is { } map)
        {
            ulong dsn = map.Dsn + (s.SequenceNumber - Initial.RemoteInitialSequence - map.Ssn);
            if (dsn == _receiveDsn)
            {
                Received.Write(payload);
                _receiveDsn += (ulong)payload.Length;
            }
        }

        if (dataFin && _mapping is { } fin && fin.Dsn + fin.Length - 1 == _receiveDsn)
        {
            _receiveDsn++;
            RemoteDataFin = true;
        }

        RemoteFin |= s.Has(TcpFlags.Fin) && Initial.ReceiveNext != before;
        if (Initial.ReceiveNext != before && !s.Has(TcpFlags.Syn) || dataFin)
        {
            Initial.Send(_link, TcpFlags.Ack, default, [DataAck()]);
        }
    }

    private DssOption DataAck() => new() { DataAckPresent = true, DataAckIs8Octets = true, DataAck = _receiveDsn };

    private DssOption Mapping(ulong dsn, uint ssn, ushort length, ReadOnlySpan<byte> payload, bool dataFin) => new()
    {
        DataAckPresent = true, DataAckIs8Octets = true, DataAck = _receiveDsn,
        MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = dsn,
        SubflowSequenceNumber = ssn, DataLevelLength = length, DataFin = dataFin,
        HasChecksum = Checksums, Checksum = Checksums ? DssChecksum.Compute(dsn, ssn, length, payload) : (ushort)0,
    };

    private static ulong Expand(ulong reference, uint low)
    {
        ulong candidate = (reference & 0xFFFF_FFFF_0000_0000UL) | low;
        long delta = (long)(candidate - reference);
        return delta > int.MaxValue ? candidate - (1UL << 32) : delta < int.MinValue ? candidate + (1UL << 32) : candidate;
    }
}
