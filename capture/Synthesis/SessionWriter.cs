using System;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Capture.Synthesis;

// Writes one connection's packets at a time, keeping every sequence number consistent.
internal sealed class SessionWriter
{
    private const uint ServerAddress = 0x0AFF0001;   // 10.255.0.1
    private const uint ServerAddress2 = 0x0AFF0002;  // 10.255.0.2, announced with ADD_ADDR id 1
    private const ushort ServerPort = 9999; // the seed's port; no tshark dissector claims its data

    private readonly CaptureWriter _capture;
    private readonly SynthesisOptions _options;
    private readonly byte[] _packet = new byte[65535];
    private readonly byte[] _data = new byte[1400];
    private long _time = 1_577_836_800_000_000_000; // 2020-01-01T00:00:00Z in nanoseconds
    private long _count;
    private Random _random = new(0);

    public SessionWriter(CaptureWriter capture, SynthesisOptions options)
    {
        _capture = capture;
        _options = options;
    }

    private bool V1 => _options.Version == MptcpVersion.V1;

    public long WriteConnection(int index, long packets)
    {
        _count = 0;
        _random = new Random(HashCode.Combine(_options.Seed, index));
        ulong clientKey = (ulong)_random.NextInt64() | 1UL << 63;
        ulong serverKey = (ulong)_random.NextInt64() | 1UL << 62;
        var c = new Connection(clientKey, serverKey, _options.Version);
        uint client = 0x0A000000u | (uint)(index + 1);           // 10.x.y.z
        uint client2 = 0x0B000000u | (uint)(index + 1);          // 11.x.y.z
        ushort port = (ushort)(10000 + (index % 50000));
        var first = new Flow(client, port, ServerAddress, ServerPort, (uint)_random.Next(), (uint)_random.Next());
        var second = new Flow(client2, (ushort)(port + 1), ServerAddress2, ServerPort, (uint)_random.Next(), (uint)_random.Next());

        Capable(first, c);
        Announce(first, c);
        Join(second, c);

        long rounds = (packets - SynthesisFixed) / 2;
        for (long round = 0; round < rounds; round++)
        {
            Flow flow = round % 2 == 0 ? first : second;
            int length = 1 + _random.Next(_data.Length);
            // Lower-case letters: random bytes would make tshark's heuristic dissectors (Thrift…) claim them.
            for (int k = 0; k < length; k++)
            {
                _data[k] = (byte)('a' + _random.Next(26));
            }

            Data(flow, c, fromClient: true, _data.AsSpan(0, length));
            Data(flow, c, fromClient: false, _data.AsSpan(0, length));
        }

        while (_count < packets - ClosingPackets)
        {
            Send(first, true, TcpFlags.Ack, Ack(c, fromClient: true), default);
        }

        DataFin(first, c);
        Close(first, c);
        Close(second, c);
        return _count;
    }

    // Handshake 3 + ADD_ADDR 2 + join 4, then DATA_FIN 3 + two FIN exchanges 6 (the closing packets).
    private const int SynthesisFixed = Synthesizer.FixedPacketsPerConnection;
    private const int ClosingPackets = 9;

    private void Capable(Flow flow, Connection c)
    {
        var syn = new MpCapableOption { Version = (byte)(V1 ? 1 : 0), ChecksumRequired = _options.Checksum, HmacSha = true };
        if (!V1)
        {
            syn.HasSenderKey = true;
            syn.SenderKey = c.ClientKey;
        }

        Send(flow, true, TcpFlags.Syn, syn, default);
        Send(flow, false, TcpFlags.Syn | TcpFlags.Ack, syn with { HasSenderKey = true, SenderKey = c.ServerKey }, default);
        Send(flow, true, TcpFlags.Ack, syn with { HasSenderKey = true, SenderKey = c.ClientKey, HasReceiverKey = true, ReceiverKey = c.ServerKey }, default);
    }

    private void Announce(Flow flow, Connection c)
    {
        var address = MptcpAddress.FromIPv4(ServerAddress2);
        MptcpOption add;
        if (V1)
        {
            var v1 = new AddAddressOption { AddressId = 1, Address = address, HasHmac = true };
            v1.Hmac = v1.ComputeHmac(c.ServerKey, c.ClientKey);
            add = v1;
        }
        else
        {
            add = new AddAddressV0Option { IPVersion = 4, AddressId = 1, Address = address };
        }

        Send(flow, false, TcpFlags.Ack, add, default, Ack(c, fromClient: false));
        MptcpOption echo = V1 ? new AddAddressOption { Echo = true, AddressId = 1, Address = address } : Ack(c, fromClient: true);
        Send(flow, true, TcpFlags.Ack, echo, default, V1 ? Ack(c, fromClient: true) : null);
    }

    private void Join(Flow flow, Connection c)
    {
        uint clientNonce = (uint)_random.Next();
        uint serverNonce = (uint)_random.Next();
        Send(flow, true, TcpFlags.Syn, new MpJoinSynOption { AddressId = 2, ReceiverToken = c.ServerToken, SenderRandomNumber = clientNonce }, default);
        Send(flow, false, TcpFlags.Syn | TcpFlags.Ack, new MpJoinSynAckOption
        {
            AddressId = 1,
            SenderTruncatedHmac = MptcpHmac.JoinSynAck(_options.Version, c.ServerKey, c.ClientKey, serverNonce, clientNonce),
            SenderRandomNumber = serverNonce,
        }, default);
        Send(flow, true, TcpFlags.Ack, new MpJoinAckOption { SenderHmac = MptcpHmac.JoinAck(_options.Version, c.ClientKey, c.ServerKey, clientNonce, serverNonce) }, default);
        Send(flow, false, TcpFlags.Ack, Ack(c, fromClient: false), default);
    }

    private void Data(Flow flow, Connection c, bool fromClient, ReadOnlySpan<byte> payload)
    {
        DssOption dss = Ack(c, fromClient);
        dss.MappingPresent = true;
        dss.DataSequenceNumberIs8Octets = V1;
        ulong dsn = c.NextDsn(fromClient);
        dss.DataSequenceNumber = V1 ? dsn : (uint)dsn;
        dss.SubflowSequenceNumber = flow.Relative(fromClient);
        dss.DataLevelLength = (ushort)payload.Length;
        if (_options.Checksum)
        {
            dss.HasChecksum = true;
            dss.Checksum = DssChecksum.Compute(dsn, dss.SubflowSequenceNumber, dss.DataLevelLength, payload);
        }

        c.Sent(fromClient, payload.Length);
        Send(flow, fromClient, TcpFlags.Ack | TcpFlags.Psh, dss, payload);
    }

    private void DataFin(Flow flow, Connection c)
    {
        foreach (bool fromClient in new[] { true, false })
        {
            DssOption dss = Ack(c, fromClient);
            dss.DataFin = true;
            dss.MappingPresent = true;
            dss.DataSequenceNumberIs8Octets = V1;
            ulong dsn = c.NextDsn(fromClient);
            dss.DataSequenceNumber = V1 ? dsn : (uint)dsn;
            dss.DataLevelLength = 1;
            if (_options.Checksum)
            {
                dss.HasChecksum = true;
                dss.Checksum = DssChecksum.Compute(dsn, 0, 1, default);
            }

            c.Sent(fromClient, 1);
            Send(flow, fromClient, TcpFlags.Ack, dss, default);
        }

        Send(flow, true, TcpFlags.Ack, Ack(c, fromClient: true), default);
    }

    private void Close(Flow flow, Connection c)
    {
        Send(flow, true, TcpFlags.Fin | TcpFlags.Ack, Ack(c, true), default);
        Send(flow, false, TcpFlags.Fin | TcpFlags.Ack, Ack(c, false), default);
        Send(flow, true, TcpFlags.Ack, Ack(c, true), default);
    }

    private DssOption Ack(Connection c, bool fromClient) => new()
    {
        DataAckPresent = true,
        DataAckIs8Octets = V1,
        DataAck = V1 ? c.NextDsn(!fromClient) : (uint)c.NextDsn(!fromClient),
    };

    private void Send(Flow flow, bool fromClient, TcpFlags flags, MptcpOption option, ReadOnlySpan<byte> payload, MptcpOption? second = null)
    {
        TcpPacketBuilder builder = flow.Next(fromClient, flags, payload.Length);
        builder.AddOption(option);
        if (second is MptcpOption extra)
        {
            builder.AddOption(extra);
        }

        builder.TryWrite(payload, _packet, out int length);
        ReadOnlySpan<byte> packet = _packet.AsSpan(0, length);
        _capture.TryWrite(_time, LinkTypes.Raw, (uint)packet.Length, packet);
        _time += 10_000; // 10 µs
        _count++;
    }

    // Keys, tokens and the next data sequence number of each side.
    private sealed class Connection(ulong clientKey, ulong serverKey, MptcpVersion version)
    {
        private readonly ulong[] _next = [MptcpKeys.InitialDataSequenceNumber(clientKey, version) + 1, MptcpKeys.InitialDataSequenceNumber(serverKey, version) + 1];

        public ulong ClientKey => clientKey;

        public ulong ServerKey => serverKey;

        public uint ServerToken { get; } = MptcpKeys.Token(serverKey, version);

        public ulong NextDsn(bool fromClient) => _next[fromClient ? 0 : 1];

        public void Sent(bool fromClient, int octets) => _next[fromClient ? 0 : 1] += (ulong)octets;
    }

    // One subflow's addresses and the next sequence number of each side.
    private sealed class Flow(uint client, ushort clientPort, uint server, ushort serverPort, uint clientIsn, uint serverIsn)
    {
        private readonly uint _clientIsn = clientIsn;
        private readonly uint _serverIsn = serverIsn;
        private uint _clientNext = clientIsn;
        private uint _serverNext = serverIsn;

        public uint Relative(bool fromClient) => fromClient ? _clientNext - _clientIsn : _serverNext - _serverIsn;

        // The next segment's headers (options to be added), its sequence space taken.
        public TcpPacketBuilder Next(bool fromClient, TcpFlags flags, int payloadLength)
        {
            var builder = fromClient
                ? new TcpPacketBuilder(MptcpAddress.FromIPv4(client), clientPort, MptcpAddress.FromIPv4(server), serverPort)
                : new TcpPacketBuilder(MptcpAddress.FromIPv4(server), serverPort, MptcpAddress.FromIPv4(client), clientPort);
            builder.SequenceNumber = fromClient ? _clientNext : _serverNext;
            builder.AcknowledgmentNumber = (flags & TcpFlags.Ack) != 0 ? (fromClient ? _serverNext : _clientNext) : 0;
            builder.Flags = flags;
            uint consumed = (uint)payloadLength + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u);
            if (fromClient)
            {
                _clientNext += consumed;
            }
            else
            {
                _serverNext += consumed;
            }

            return builder;
        }
    }
}
