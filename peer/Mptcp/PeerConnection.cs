using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer.Network;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Mptcp;

/// <summary>
/// An MPTCP v1 connection of the peer (RFC 8684) with a kernel listener: the MP_CAPABLE handshake with the peer's key
/// and the kernel's (learned from its SYN/ACK), data with DSS mappings (64-bit DSN, with the DSS checksum when
/// either side asked for it), DATA_ACKs, DATA_FIN both ways; subflows added by MP_JOIN either way, with their HMACs
/// computed and checked; and any other option sent on a pure ACK (ADD_ADDR, REMOVE_ADDR, MP_PRIO, MP_FASTCLOSE…).
/// Data-level sequence numbers start at each side's IDSN + 1 (the IDSN is the low 64 bits of SHA-256 of the key).
/// </summary>
public sealed class PeerConnection
{
    /// <summary>The MSS the peer's SYNs offer (with SACK, timestamps and window scaling only as <see cref="Features"/> asks).</summary>
    public const ushort Mss = TcpSubflow.Mss;

    private readonly PeerLink _link;
    private ulong _sendDsn;
    private DataReassembly? _data;

    /// <summary>
    /// A connection with the peer's key <paramref name="localKey"/>, over <paramref name="initial"/> when the peer
    /// connects (<see cref="Connect"/>), or null when the kernel does (<see cref="Accept"/>).
    /// </summary>
    public PeerConnection(PeerLink link, TcpSubflow? initial, ulong localKey, bool requestChecksums)
    {
        _link = link;
        if (initial is not null)
        {
            Subflows.Add(new MptcpSubflow(initial, isJoin: false, activeJoin: false));
        }

        LocalKey = localKey;
        RequestChecksums = requestChecksums;
        _sendDsn = MptcpKeys.InitialDataSequenceNumber(localKey, MptcpVersion.V1) + 1;
    }

    /// <summary>What the subflows the kernel opens (and the one it accepts, <see cref="Accept"/>) offer besides MSS.</summary>
    public TcpFeatures Features { get; init; }

    /// <summary>The subflows, the initial one first, in order of creation.</summary>
    public List<MptcpSubflow> Subflows { get; } = [];

    /// <summary>The initial subflow's TCP side.</summary>
    public TcpSubflow Initial => Subflows[0].Tcp;

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

    private DataReassembly Data => _data ??= new DataReassembly(Received);

    /// <summary>The kernel's last DATA_ACK, 64-bit.</summary>
    public ulong RemoteDataAck { get; private set; }

    /// <summary>The next DSN the peer sends.</summary>
    public ulong SendDsn => _sendDsn;

    /// <summary>The kernel sent DATA_FIN and every octet before it arrived.</summary>
    public bool RemoteDataFin => Data.DataFinReceived;

    /// <summary>Every MPTCP option the kernel sent, with the index of the subflow that carried it.</summary>
    public List<(int Subflow, MptcpOption Option)> ReceivedOptions { get; } = [];

    /// <summary>
    /// Each ADD_ADDR the kernel announced (not its echoes), with whether its HMAC is the one RFC 8684 §3.4.1 gives
    /// (the kernel's key first); the peer echoes every one.
    /// </summary>
    public List<(AddAddressOption Option, bool HmacValid)> Announcements { get; } = [];

    /// <summary>Called with each subflow the kernel opens by MP_JOIN, to accept it (true) or answer with a reset.</summary>
    public Func<Segment, bool>? AcceptJoin { get; set; }

    /// <summary>
    /// SYN (MSS, MP_CAPABLE v1 with H and A as asked), the kernel's SYN/ACK with its key, the third ACK with both keys
    /// (with <paramref name="echoWrongKey"/>, the kernel's key with its lowest bit flipped).
    /// </summary>
    public void Connect(int timeoutMs, bool echoWrongKey = false)
    {
        var syn = new MpCapableOption { Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums };
        Initial.Send(_link, TcpFlags.Syn, default, [syn]);
        Segment synAck = Expect(s => Initial.Carries(s) && s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack), timeoutMs)
            ?? throw new TimeoutException("no SYN/ACK from the kernel");
        if (!synAck.TryGetCapable(out MpCapableOption capable) || !capable.HasSenderKey)
        {
            throw new InvalidOperationException($"the kernel's SYN/ACK has no MP_CAPABLE with a key: {synAck}");
        }

        RemoteKey = capable.SenderKey;
        Checksums = RequestChecksums || capable.ChecksumRequired;
        Data.Start(MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1);
        RemoteDataAck = _sendDsn;
        var ack = new MpCapableOption
        {
            Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums,
            SenderKey = LocalKey, HasSenderKey = true, ReceiverKey = echoWrongKey ? RemoteKey ^ 1 : RemoteKey, HasReceiverKey = true,
        };
        Initial.Send(_link, TcpFlags.Ack, default, [ack]);
        Subflows[0].Established = true;
    }

    /// <summary>
    /// The peer as server: waits for the kernel's SYN with MP_CAPABLE to one of the peer's addresses, answers with a
    /// SYN/ACK carrying the peer's key (and A as asked), and waits for the third ACK with both keys; the kernel's
    /// first data may come instead, with MP_CAPABLE and its data-level length (RFC 8684 §3.1).
    /// </summary>
    public void Accept(int timeoutMs)
    {
        var clock = Stopwatch.StartNew();
        Segment? syn = null;
        while (syn is null && clock.ElapsedMilliseconds < timeoutMs)
        {
            Segment? s = _link.Read(Math.Max(1, timeoutMs - (int)clock.ElapsedMilliseconds));
            if (s is not null && s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && s.TryGetCapable(out _))
            {
                syn = s;
            }
        }

        if (syn is null || !syn.TryGetCapable(out MpCapableOption offer))
        {
            throw new TimeoutException("no SYN with MP_CAPABLE from the kernel");
        }

        var tcp = new TcpSubflow(syn.Destination, syn.DestinationPort, syn.Source, syn.SourcePort, (uint)RandomNumberGenerator.GetInt32(int.MaxValue), Features);
        Subflows.Add(new MptcpSubflow(tcp, isJoin: false, activeJoin: false));
        tcp.Receive(syn, out _);
        Checksums = RequestChecksums || offer.ChecksumRequired;
        var synAck = new MpCapableOption { Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums, SenderKey = LocalKey, HasSenderKey = true };
        tcp.Send(_link, TcpFlags.Syn | TcpFlags.Ack, default, [synAck]);
        Segment third = Expect(s => tcp.Carries(s) && s.TryGetCapable(out MpCapableOption c) && c.HasReceiverKey, Math.Max(1, timeoutMs - (int)clock.ElapsedMilliseconds))
            ?? throw new TimeoutException("no third ACK with MP_CAPABLE from the kernel");
        third.TryGetCapable(out MpCapableOption keys);
        if (keys.ReceiverKey != LocalKey)
        {
            throw new InvalidOperationException($"the kernel's third ACK echoes the key {keys.ReceiverKey:x16}, not ours ({LocalKey:x16})");
        }

        Subflows[0].Established = true;
    }

    /// <summary>
    /// Adds a subflow by MP_JOIN (RFC 8684 §3.2): SYN with the kernel's token and our nonce, the kernel's SYN/ACK (its
    /// truncated HMAC checked into <see cref="MptcpSubflow.RemoteHmacValid"/>), our third ACK with the 160-bit HMAC,
    /// and the kernel's fourth ACK. <paramref name="fault"/> makes the token or the HMAC wrong on purpose. Returns the
    /// subflow whether the kernel took it or reset it (<see cref="MptcpSubflow.Established"/>, <see cref="MptcpSubflow.Reset"/>).
    /// </summary>
    public MptcpSubflow Join(TcpSubflow tcp, byte addressId, bool backup, JoinFault fault, int timeoutMs) =>
        Join(tcp, addressId, backup, fault, thirdAck: default, timeoutMs);

    /// <summary>
    /// <see cref="Join(TcpSubflow, byte, bool, JoinFault, int)"/> with <paramref name="thirdAck"/>'s address id and
    /// backup bit written into the third ACK's reserved bits, where the SYN forms carry them: RFC 8684 §3.2 gives the
    /// ACK form neither, so a receiver must take both from the SYN.
    /// </summary>
    public MptcpSubflow Join(TcpSubflow tcp, byte addressId, bool backup, JoinFault fault, JoinThirdAck thirdAck, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(tcp);
        var subflow = new MptcpSubflow(tcp, isJoin: true, activeJoin: true) { LocalNonce = (uint)RandomNumberGenerator.GetInt32(int.MaxValue) };
        Subflows.Add(subflow);
        MpJoinSynOption syn = JoinSyn(addressId, backup, subflow.LocalNonce);
        syn.ReceiverToken ^= fault == JoinFault.UnknownToken ? 0x5A5A_5A5Au : 0;
        tcp.Send(_link, TcpFlags.Syn, default, [syn]);
        Segment? answer = Expect(s => tcp.Carries(s) && (s.Has(TcpFlags.Rst) || s.Has(TcpFlags.Syn)), timeoutMs);
        if (answer is null || subflow.Reset)
        {
            return subflow;
        }

        foreach (MptcpOption o in answer.Options)
        {
            if (o.TryGet(out MpJoinSynAckOption synAck))
            {
                subflow.RemoteNonce = synAck.SenderRandomNumber;
                subflow.RemoteAddressId = synAck.AddressId;
                subflow.RemoteHmacValid = synAck.VerifyHmac(Handshake(subflow));
            }
        }

        Span<byte> hmac = stackalloc byte[Octets20.Length];
        Handshake(subflow).AckHmac.CopyTo(hmac);
        if (fault == JoinFault.WrongHmac)
        {
            hmac[0] ^= 0xFF;
        }

        if (thirdAck.AddressId is null && !thirdAck.Backup)
        {
            tcp.Send(_link, TcpFlags.Ack, default, [new MpJoinAckOption { SenderHmac = Octets20.From(hmac) }]);
        }
        else
        {
            byte[] raw = Encode(new MpJoinAckOption { SenderHmac = Octets20.From(hmac) });
            raw[2] |= (byte)(thirdAck.Backup ? 1 : 0);
            raw[3] = thirdAck.AddressId ?? 0;
            tcp.Send(_link, TcpFlags.Ack, default, [], raw);
        }

        _ = Expect(s => tcp.Carries(s) && (s.Has(TcpFlags.Rst) || s.TryGetDss(out DssOption d) && d.DataAckPresent), timeoutMs);
        subflow.Established = !subflow.Reset && fault == JoinFault.None;
        return subflow;
    }

    /// <summary>Sends data in segments on a subflow, each with its own mapping, within the kernel's window.</summary>
    /// <param name="data">The octets.</param>
    /// <param name="subflow">The index of the subflow in <see cref="Subflows"/>.</param>
    /// <param name="segmentSize">The most octets a segment carries.</param>
    /// <param name="corruptChecksum">Send each mapping's DSS checksum wrong (one's complement of the right one).</param>
    public void Send(ReadOnlySpan<byte> data, int subflow = 0, int segmentSize = 1200, bool corruptChecksum = false) =>
        Send(data, subflow, segmentSize, corruptChecksum, mappedAt: null);

    /// <summary>
    /// Sends again the last <paramref name="data"/>.Length octets sent, at the DSNs they had, on <paramref name="subflow"/>:
    /// a reinjection (RFC 8684 §3.3.6), which the kernel must deliver once.
    /// </summary>
    public void Reinject(ReadOnlySpan<byte> data, int subflow) => Send(data, subflow, 1200, corruptChecksum: false, mappedAt: _sendDsn - (ulong)data.Length);

    /// <summary>
    /// Sends <paramref name="data"/> mapped <paramref name="ahead"/> octets past the next DSN, which stays where it is:
    /// data the kernel must not deliver when that is outside its receive window (RFC 8684 §3.3.4).
    /// </summary>
    public void SendAhead(ReadOnlySpan<byte> data, int subflow, ulong ahead) => Send(data, subflow, 1200, corruptChecksum: false, mappedAt: _sendDsn + ahead);

    private void Send(ReadOnlySpan<byte> data, int subflow, int segmentSize, bool corruptChecksum, ulong? mappedAt)
    {
        ulong dsn = mappedAt ?? _sendDsn;
        TcpSubflow tcp = Subflows[subflow].Tcp;
        for (int at = 0; at < data.Length; at += segmentSize)
        {
            ReadOnlySpan<byte> chunk = data.Slice(at, Math.Min(segmentSize, data.Length - at));

            // Flow control: no more in flight than the kernel's window (RFC 9293 §3.8.6).
            int length = chunk.Length;
            if (!WaitUntil(() => tcp.HasRoomFor(length), 10_000))
            {
                throw new TimeoutException($"the kernel's window ({tcp.RemoteWindow} octets) stayed closed for 10 s");
            }

            DssOption dss = Mapping(dsn, tcp.RelativeSendNext, (ushort)chunk.Length, chunk, dataFin: false);
            if (corruptChecksum)
            {
                dss.Checksum = (ushort)~dss.Checksum;
            }

            tcp.Send(_link, TcpFlags.Ack | TcpFlags.Psh, chunk, [dss]);
            dsn += (ulong)chunk.Length;
            if (mappedAt is null)
            {
                LastMappingDsn = _sendDsn;
                _sendDsn = dsn;
            }
        }
    }

    /// <summary>
    /// <paramref name="data"/> (one segment) under a mapping whose data-level length is <paramref name="dataLevelLength"/>
    /// rather than the payload's: a mapping that does not match its data, or, with 0, an infinite mapping (RFC 8684
    /// §3.7, its checksum 0). The next DSN moves on by the payload's length.
    /// </summary>
    public void SendMapped(ReadOnlySpan<byte> data, int subflow, ushort dataLevelLength)
    {
        TcpSubflow tcp = Subflows[subflow].Tcp;
        DssOption dss = Mapping(_sendDsn, tcp.RelativeSendNext, dataLevelLength, data, dataFin: false);
        if (dataLevelLength == 0)
        {
            dss.Checksum = 0;
        }

        tcp.Send(_link, TcpFlags.Ack | TcpFlags.Psh, data, [dss]);
        LastMappingDsn = _sendDsn;
        _sendDsn += (ulong)data.Length;
    }

    /// <summary>
    /// The connection's first data, in one segment, carried by MP_CAPABLE with both keys, its data-level length and,
    /// when checksums are on, its DSS checksum (RFC 8684 §3.1: the form a client uses when it sends data before the
    /// server's first DSS); with <paramref name="corruptChecksum"/> that checksum is wrong.
    /// </summary>
    public void SendCapableData(ReadOnlySpan<byte> data, bool corruptChecksum)
    {
        ushort length = (ushort)data.Length;
        ushort checksum = Checksums ? DssChecksum.Compute(_sendDsn, 1, length, data) : (ushort)0;
        var capable = new MpCapableOption
        {
            Version = 1, HmacSha = true, ChecksumRequired = RequestChecksums,
            SenderKey = LocalKey, HasSenderKey = true, ReceiverKey = RemoteKey, HasReceiverKey = true,
            DataLevelLength = length, HasDataLevelLength = true,
            HasChecksum = Checksums, Checksum = corruptChecksum ? (ushort)~checksum : checksum,
        };
        Initial.Send(_link, TcpFlags.Ack | TcpFlags.Psh, data, [capable]);
        LastMappingDsn = _sendDsn;
        _sendDsn += length;
    }

    /// <summary>
    /// The MP_JOIN SYN the peer sends: the kernel's token, <paramref name="nonce"/>. With the three below, the valid
    /// options built from this connection's keys: what the steps send, and what a fuzz reproducer's edit applies to.
    /// </summary>
    public MpJoinSynOption JoinSyn(byte addressId, bool backup, uint nonce) =>
        new() { Backup = backup, AddressId = addressId, ReceiverToken = MptcpKeys.Token(RemoteKey, MptcpVersion.V1), SenderRandomNumber = nonce };

    /// <summary>ADD_ADDR of <paramref name="address"/> with the HMAC of RFC 8684 §3.4.1 (the peer's key first).</summary>
    public AddAddressOption Announcement(byte addressId, MptcpAddress address, ushort? port) => new()
    {
        AddressId = addressId, Address = address, HasPort = port is not null, Port = port ?? 0,
        HasHmac = true, Hmac = MptcpHmac.AddAddress(LocalKey, RemoteKey, addressId, address, port ?? 0),
    };

    /// <summary>MP_FASTCLOSE with the kernel's key (RFC 8684 §3.5).</summary>
    public MpFastCloseOption FastClose() => new() { ReceiverKey = RemoteKey };

    /// <summary>MP_FAIL naming the DSN of the peer's last mapping (RFC 8684 §3.7).</summary>
    public MpFailOption Fail() => new() { DataSequenceNumber = LastMappingDsn };

    /// <summary>DATA_FIN on a segment without data: DSN = the next one, subflow sequence 0, length 1 (RFC 8684 §3.3.3).</summary>
    public void SendDataFin(int subflow = 0)
    {
        Subflows[subflow].Tcp.Send(_link, TcpFlags.Ack, default, [Mapping(_sendDsn, 0, 1, default, dataFin: true)]);
        _sendDsn++;
    }

    /// <summary>RST on a subflow with MP_TCPRST (RFC 8684 §3.6); the peer sends nothing more on it.</summary>
    public void SendReset(int subflow, TcpResetReason reason)
    {
        Subflows[subflow].Tcp.Send(_link, TcpFlags.Rst | TcpFlags.Ack, default, [new MpTcpRstOption { Reason = reason }]);
        Subflows[subflow].Reset = true;
    }

    /// <summary>The DSN of the last mapping the peer sent (MP_FAIL names it, RFC 8684 §3.7).</summary>
    public ulong LastMappingDsn { get; private set; }

    /// <summary>TCP FIN on a subflow, with a DATA_ACK.</summary>
    public void SendFin(int subflow = 0) => Subflows[subflow].Tcp.Send(_link, TcpFlags.Fin | TcpFlags.Ack, default, [DataAck()]);

    /// <summary>
    /// A pure ACK carrying <paramref name="option"/>, and a DATA_ACK unless <paramref name="alone"/> or the two do not
    /// fit in the 40 octets of options together (an IPv6 ADD_ADDR with a port is 30 octets: it goes alone, as Linux
    /// sends it, and without timestamps when they are on and would leave it no room).
    /// </summary>
    public void SendOption(MptcpOption option, int subflow = 0, bool alone = false, TcpFlags flags = TcpFlags.Ack)
    {
        DssOption dataAck = DataAck();
        TcpSubflow tcp = Subflows[subflow].Tcp;
        if (option.GetEncodedLength() > tcp.OptionSpace && flags == TcpFlags.Ack)
        {
            tcp.SendWithoutTimestamps(_link, option);
            return;
        }

        bool fits = option.GetEncodedLength() + dataAck.GetEncodedLength() <= tcp.OptionSpace;
        tcp.Send(_link, flags, default, alone || !fits ? [option] : [option, dataAck]);
    }

    /// <summary>
    /// A segment carrying <paramref name="raw"/> as it is (one or more TCP options, octets chosen by the caller: a
    /// malformed MPTCP option, say), with a DATA_ACK unless <paramref name="alone"/>, and no data. With RST in
    /// <paramref name="flags"/> the subflow is reset by the peer (nothing of it is sent again).
    /// </summary>
    public void SendRaw(ReadOnlySpan<byte> raw, int subflow = 0, bool alone = true, TcpFlags flags = TcpFlags.Ack)
    {
        Subflows[subflow].Tcp.Send(_link, flags, default, alone ? [] : [DataAck()], raw);
        Subflows[subflow].Reset |= (flags & TcpFlags.Rst) != 0;
    }

    /// <summary>
    /// A SYN with <paramref name="raw"/> in place of MP_CAPABLE; whether the kernel's SYN/ACK carries MP_CAPABLE (it took
    /// the offer). Either way the handshake is completed: with both keys, or as plain TCP (the connection fell back).
    /// </summary>
    public bool ConnectWith(ReadOnlySpan<byte> raw, int timeoutMs)
    {
        Initial.Send(_link, TcpFlags.Syn, default, [], raw);
        Segment synAck = Expect(s => Initial.Carries(s) && s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack), timeoutMs)
            ?? throw new TimeoutException("no SYN/ACK from the kernel");
        if (!synAck.TryGetCapable(out MpCapableOption capable) || !capable.HasSenderKey)
        {
            Initial.Send(_link, TcpFlags.Ack, default, []);
            return false;
        }

        RemoteKey = capable.SenderKey;
        Data.Start(MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1);
        RemoteDataAck = _sendDsn;
        Initial.Send(_link, TcpFlags.Ack, default, [new MpCapableOption { Version = 1, HmacSha = true, SenderKey = LocalKey, HasSenderKey = true, ReceiverKey = RemoteKey, HasReceiverKey = true }]);
        Subflows[0].Established = true;
        return true;
    }

    /// <summary>
    /// The MP_CAPABLE handshake with the third ACK's options made by <paramref name="replace"/> from the valid ones (both
    /// keys): SYN, the kernel's SYN/ACK, then the ACK carrying what <paramref name="replace"/> returns; those octets.
    /// Whether the kernel took it as MPTCP is for its counters to say.
    /// </summary>
    public byte[] ConnectThirdAckWith(Func<byte[], byte[]> replace, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(replace);
        Initial.Send(_link, TcpFlags.Syn, default, [new MpCapableOption { Version = 1, HmacSha = true }]);
        Segment synAck = Expect(s => Initial.Carries(s) && s.Has(TcpFlags.Syn) && s.Has(TcpFlags.Ack), timeoutMs)
            ?? throw new TimeoutException("no SYN/ACK from the kernel");
        if (!synAck.TryGetCapable(out MpCapableOption capable) || !capable.HasSenderKey)
        {
            throw new InvalidOperationException($"the kernel's SYN/ACK has no MP_CAPABLE with a key: {synAck}");
        }

        RemoteKey = capable.SenderKey;
        Data.Start(MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1);
        RemoteDataAck = _sendDsn;
        byte[] raw = replace(Encode(new MpCapableOption { Version = 1, HmacSha = true, SenderKey = LocalKey, HasSenderKey = true, ReceiverKey = RemoteKey, HasReceiverKey = true }));
        Initial.Send(_link, TcpFlags.Ack, default, [], raw);
        Subflows[0].Established = true;
        return raw;
    }

    /// <summary>
    /// A join (RFC 8684 §3.2) whose third ACK carries what <paramref name="replace"/> makes of the valid MP_JOIN ACK (its
    /// 160-bit HMAC); those octets, and the kernel's answer to them (its fourth ACK, a RST, or null).
    /// </summary>
    public (byte[] Sent, Segment? Answer) JoinThirdAckWith(TcpSubflow tcp, Func<byte[], byte[]> replace, int timeoutMs) => JoinThirdAckWith(tcp, replace, 2, timeoutMs);

    /// <summary><see cref="JoinThirdAckWith(TcpSubflow, Func{byte[], byte[]}, int)"/> with the SYN's address id <paramref name="addressId"/>.</summary>
    public (byte[] Sent, Segment? Answer) JoinThirdAckWith(TcpSubflow tcp, Func<byte[], byte[]> replace, byte addressId, int timeoutMs)
    {
        ArgumentNullException.ThrowIfNull(tcp);
        ArgumentNullException.ThrowIfNull(replace);
        var subflow = new MptcpSubflow(tcp, isJoin: true, activeJoin: true) { LocalNonce = (uint)RandomNumberGenerator.GetInt32(int.MaxValue) };
        Subflows.Add(subflow);
        tcp.Send(_link, TcpFlags.Syn, default, [JoinSyn(addressId, backup: false, subflow.LocalNonce)]);
        Segment synAck = Expect(s => tcp.Carries(s) && (s.Has(TcpFlags.Rst) || s.Has(TcpFlags.Syn)), timeoutMs) is { } a && !a.Has(TcpFlags.Rst)
            ? a : throw new InvalidOperationException("the kernel did not answer the join SYN with a SYN/ACK");
        foreach (MptcpOption o in synAck.Options)
        {
            if (o.TryGet(out MpJoinSynAckOption answer))
            {
                subflow.RemoteNonce = answer.SenderRandomNumber;
            }
        }

        Span<byte> hmac = stackalloc byte[Octets20.Length];
        Handshake(subflow).AckHmac.CopyTo(hmac);
        byte[] raw = replace(Encode(new MpJoinAckOption { SenderHmac = Octets20.From(hmac) }));
        tcp.Send(_link, TcpFlags.Ack, default, [], raw);
        Segment? fourth = Expect(s => tcp.Carries(s) && (s.Has(TcpFlags.Rst) || s.Has(TcpFlags.Ack)), timeoutMs);
        subflow.Reset = fourth?.Has(TcpFlags.Rst) ?? false;
        return (raw, fourth);
    }

    /// <summary>
    /// <paramref name="data"/> in one segment whose options are what <paramref name="replace"/> makes of its valid DSS
    /// mapping (and DATA_ACK); those octets. The next DSN moves on as if the mapping had been right.
    /// </summary>
    public byte[] SendWithMapping(ReadOnlySpan<byte> data, Func<byte[], byte[]> replace)
    {
        ArgumentNullException.ThrowIfNull(replace);
        TcpSubflow tcp = Subflows[0].Tcp;
        byte[] raw = replace(Encode(Mapping(_sendDsn, tcp.RelativeSendNext, (ushort)data.Length, data, dataFin: false)));
        tcp.Send(_link, TcpFlags.Ack | TcpFlags.Psh, data, [], raw);
        LastMappingDsn = _sendDsn;
        _sendDsn += (ulong)data.Length;
        return raw;
    }

    internal static byte[] Encode(in MptcpOption option)
    {
        byte[] buffer = new byte[TcpOptionSpace];
        return option.Write(buffer, out int written) == MptcpStatus.Ok ? buffer[..written] : throw new InvalidOperationException($"cannot encode {option}");
    }

    /// <summary>
    /// A join SYN with <paramref name="raw"/> in place of MP_JOIN; the kernel's answer (SYN/ACK or RST), or null. The
    /// subflow is then reset by the peer, whatever the answer.
    /// </summary>
    public Segment? JoinSynWith(TcpSubflow tcp, ReadOnlySpan<byte> raw, int timeoutMs)
    {
        var subflow = new MptcpSubflow(tcp, isJoin: true, activeJoin: true);
        Subflows.Add(subflow);
        tcp.Send(_link, TcpFlags.Syn, default, [], raw);
        Segment? answer = Expect(s => tcp.Carries(s) && (s.Has(TcpFlags.Rst) || s.Has(TcpFlags.Syn)), timeoutMs);
        if (answer is not null && !answer.Has(TcpFlags.Rst))
        {
            tcp.Send(_link, TcpFlags.Rst, default, []);
        }

        subflow.Reset = true;
        return answer;
    }

    /// <summary>
    /// Takes the kernel's segments (acknowledging each at TCP and data level, re-sending our own on timeout) until
    /// <paramref name="condition"/> holds or <paramref name="timeoutMs"/> passes; whether it held.
    /// </summary>
    public bool WaitUntil(Func<bool> condition, int timeoutMs) =>
        condition() || Expect(_ => condition(), timeoutMs) is not null;

    /// <summary>Takes segments as <see cref="WaitUntil"/> does until one matches <paramref name="match"/>; null on timeout.</summary>
    public Segment? Expect(Func<Segment, bool> match, int timeoutMs)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < timeoutMs)
        {
            foreach (MptcpSubflow subflow in Subflows)
            {
                if (!subflow.Reset)
                {
                    subflow.Tcp.RetransmitIfDue(_link);
                }
            }

            Segment? s = _link.Read(Math.Min(50, timeoutMs - (int)clock.ElapsedMilliseconds));
            if (s is not null && Take(s) && match(s))
            {
                return s;
            }
        }

        return null;
    }

    /// <summary>The subflow's index in <see cref="Subflows"/>, or -1.</summary>
    public int IndexOf(Segment s) => Subflows.FindIndex(f => f.Tcp.Carries(s));

    // Takes in one segment of the kernel's; false when it belongs to no subflow of this connection.
    private bool Take(Segment s)
    {
        int index = IndexOf(s);
        if (index < 0)
        {
            return s.Has(TcpFlags.Syn) && !s.Has(TcpFlags.Ack) && Passive(s);
        }

        MptcpSubflow subflow = Subflows[index];
        foreach (MptcpOption option in s.Options)
        {
            ReceivedOptions.Add((index, option));
            if (option.TryGet(out MpTcpRstOption reset))
            {
                subflow.ResetOption = reset;
            }

            if (option.TryGet(out AddAddressOption announced) && !announced.Echo)
            {
                bool valid = announced.HasHmac && announced.Hmac == MptcpHmac.AddAddress(RemoteKey, LocalKey, announced.AddressId, announced.Address, announced.HasPort ? announced.Port : (ushort)0);
                Announcements.Add((announced, valid));
                SubflowTcp(index).Send(_link, TcpFlags.Ack, default, [announced with { Echo = true, HasHmac = false, Hmac = 0 }]);
            }
        }

        if (s.Has(TcpFlags.Rst))
        {
            subflow.Reset = true;
            subflow.ResetByKernel = true;
            return true;
        }

        TcpSubflow tcp = subflow.Tcp;
        if (index == 0 && s.TryGetCapable(out MpCapableOption capable) && capable.HasSenderKey && !s.Has(TcpFlags.Syn))
        {
            // The kernel as client: its third ACK (or first data) carries both keys; its data, the implicit mapping
            // from subflow sequence 1 to IDSN + 1 with the data-level length.
            if (RemoteKey == 0)
            {
                RemoteKey = capable.SenderKey;
                Data.Start(MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1);
                RemoteDataAck = _sendDsn;
            }

            if (capable.HasDataLevelLength)
            {
                subflow.Mapping = (MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1, 1, capable.DataLevelLength);
            }
        }

        bool dataFin = false;
        if (s.TryGetDss(out DssOption dss))
        {
            if (dss.DataAckPresent)
            {
                RemoteDataAck = dss.GetDataAck(RemoteDataAck);
            }

            if (dss.MappingPresent)
            {
                ulong dsn = dss.GetDataSequenceNumber(Data.Next);
                subflow.Mapping = (dsn, dss.SubflowSequenceNumber, dss.DataLevelLength);
                dataFin = dss.DataFin;
            }
        }

        if (index == 0 && subflow.Mapping is null && s.Payload.Length > 0 && RemoteKey != 0)
        {
            // No mapping yet on the initial subflow: the kernel fell back to TCP before its first DSS (RFC 8684
            // §3.7), and its data level is the subflow's stream from IDSN + 1 at subflow sequence 1.
            subflow.Mapping = (MptcpKeys.InitialDataSequenceNumber(RemoteKey, MptcpVersion.V1) + 1, 1, 0);
        }

        // Data past a hole is kept only when a mapping places it: its octets go to the data level at once, and the
        // subflow keeps just their range (the kernel sends what it cannot place again).
        uint relative = s.SequenceNumber - tcp.RemoteInitialSequence;
        bool placed = subflow.Mapping is { } m && (m.Length == 0 || relative - m.Ssn < m.Length);
        if (s.Payload.Length > 0 && !placed && (int)(s.SequenceNumber - tcp.ReceiveNext) > 0)
        {
            tcp.Send(_link, TcpFlags.Ack, default, [DataAck()]);
            return true;
        }

        Arrival arrival = tcp.Receive(s, out int newOctets);
        subflow.DataOctets += newOctets;
        if (subflow.IsJoin && !subflow.ActiveJoin && !subflow.Established && s.Has(TcpFlags.Ack))
        {
            PassiveThirdAck(subflow, s);
        }

        if (s.Payload.Length > 0 && subflow.Mapping is { } map && (arrival is Arrival.InOrder or Arrival.OutOfOrder))
        {
            // Data that comes before octets of lower DSN (on another subflow) is kept, not dropped: the kernel
            // would have to reinject it.
            Data.Add(map.Dsn + (relative - map.Ssn), s.Payload);
        }

        if (dataFin && subflow.Mapping is { } fin)
        {
            Data.DataFin(fin.Dsn + fin.Length - 1);
        }

        subflow.RemoteFin = tcp.FinReceived;
        // Every segment with data or a FIN is acknowledged at once: one past a hole (or one already had) gets the same
        // ACK again, a duplicate ACK (with SACK blocks when SACK is on), and three of them make the kernel's TCP
        // retransmit the hole now (RFC 5681 §3.2) instead of after its timeout.
        if (!s.Has(TcpFlags.Syn) && (s.Payload.Length > 0 || s.Has(TcpFlags.Fin) || dataFin))
        {
            tcp.Send(_link, TcpFlags.Ack, default, [DataAck()]);
        }

        return true;
    }

    // The kernel opens a subflow by MP_JOIN to one of the peer's addresses: SYN/ACK with our HMAC, or a reset.
    private bool Passive(Segment syn)
    {
        MpJoinSynOption join = default;
        bool found = false;
        foreach (MptcpOption o in syn.Options)
        {
            found |= o.TryGet(out join);
        }

        if (!found)
        {
            return false;
        }

        var tcp = new TcpSubflow(syn.Destination, syn.DestinationPort, syn.Source, syn.SourcePort, (uint)RandomNumberGenerator.GetInt32(int.MaxValue), Features);
        var subflow = new MptcpSubflow(tcp, isJoin: true, activeJoin: false)
        {
            LocalNonce = (uint)RandomNumberGenerator.GetInt32(int.MaxValue), RemoteNonce = join.SenderRandomNumber, RemoteAddressId = join.AddressId,
        };
        Subflows.Add(subflow);
        tcp.Receive(syn, out _);
        foreach (MptcpOption o in syn.Options)
        {
            ReceivedOptions.Add((Subflows.Count - 1, o));
        }

        if (join.ReceiverToken != MptcpKeys.Token(LocalKey, MptcpVersion.V1) || AcceptJoin?.Invoke(syn) == false)
        {
            tcp.Send(_link, TcpFlags.Rst | TcpFlags.Ack, default, [new MpTcpRstOption { Reason = TcpResetReason.AdministrativelyProhibited }]);
            subflow.Reset = true;
            return true;
        }

        ulong hmac = Handshake(subflow).SynAckHmac;
        tcp.Send(_link, TcpFlags.Syn | TcpFlags.Ack, default, [new MpJoinSynAckOption { AddressId = 1, SenderTruncatedHmac = hmac, SenderRandomNumber = subflow.LocalNonce }]);
        return true;
    }

    // The kernel's third ACK of a join it opened: its HMAC checked, then our fourth ACK (RFC 8684 §3.2).
    private void PassiveThirdAck(MptcpSubflow subflow, Segment ack)
    {
        foreach (MptcpOption o in ack.Options)
        {
            if (o.TryGet(out MpJoinAckOption third))
            {
                subflow.RemoteHmacValid = third.VerifyHmac(Handshake(subflow));
                subflow.Established = subflow.RemoteHmacValid == true;
                subflow.Tcp.Send(_link, subflow.Established ? TcpFlags.Ack : TcpFlags.Rst | TcpFlags.Ack, default, [DataAck()]);
                subflow.Reset = !subflow.Established;
            }
        }
    }

    private TcpSubflow SubflowTcp(int index) => Subflows[index].Tcp;

    // A join's keys and nonces by side: the peer is the initiator of the joins it opens, the listener of the kernel's.
    private JoinHandshake Handshake(MptcpSubflow subflow) => subflow.ActiveJoin
        ? new JoinHandshake { Version = MptcpVersion.V1, InitiatorKey = LocalKey, ListenerKey = RemoteKey, InitiatorNonce = subflow.LocalNonce, ListenerNonce = subflow.RemoteNonce }
        : new JoinHandshake { Version = MptcpVersion.V1, InitiatorKey = RemoteKey, ListenerKey = LocalKey, InitiatorNonce = subflow.RemoteNonce, ListenerNonce = subflow.LocalNonce };

    // The TCP header's room for options (RFC 9293: a data offset of at most 15 words).
    private const int TcpOptionSpace = 40;

    private DssOption DataAck() => new() { DataAckPresent = true, DataAckIs8Octets = true, DataAck = Data.Next };

    private DssOption Mapping(ulong dsn, uint ssn, ushort length, ReadOnlySpan<byte> payload, bool dataFin) => new()
    {
        DataAckPresent = true, DataAckIs8Octets = true, DataAck = Data.Next,
        MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = dsn,
        SubflowSequenceNumber = ssn, DataLevelLength = length, DataFin = dataFin,
        HasChecksum = Checksums, Checksum = Checksums ? DssChecksum.Compute(dsn, ssn, length, payload) : (ushort)0,
    };
}

/// <summary>What a join's third ACK carries in its reserved bits: an address id and a backup bit, or nothing (default).</summary>
/// <param name="AddressId">The address id written into the fourth octet, or null.</param>
/// <param name="Backup">Whether the low bit of the third octet (B in the SYN forms) is set.</param>
public readonly record struct JoinThirdAck(byte? AddressId, bool Backup);

/// <summary>What a join sends wrong on purpose.</summary>
public enum JoinFault
{
    /// <summary>Nothing: a correct join.</summary>
    None,

    /// <summary>The SYN's token matches no connection of the kernel's.</summary>
    UnknownToken,

    /// <summary>The third ACK's HMAC is wrong (its first octet inverted).</summary>
    WrongHmac,
}
