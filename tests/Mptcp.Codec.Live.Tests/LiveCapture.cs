using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// What one scenario produced: the capture decoded twice (tshark, and the capture library + SDK), the payload, what
/// each peer received, and what the kernel said about the connection (struct mptcp_info, printed by the peers).
/// </summary>
internal sealed class LiveCapture
{
    public required string Scenario { get; init; }

    public required string CapturePath { get; init; }

    public required bool Checksums { get; init; }

    public required byte[] Payload { get; init; }

    /// <summary>What the server read (the client's data stream).</summary>
    public required byte[] ServerReceived { get; init; }

    /// <summary>What the client read (the server's echo).</summary>
    public required byte[] ClientReceived { get; init; }

    /// <summary>The client's struct mptcp_info once the whole echo had arrived (before it closed).</summary>
    public required IReadOnlyDictionary<string, string> ClientInfo { get; init; }

    /// <summary>The server's struct mptcp_info at the client's DATA_FIN (empty after a reset).</summary>
    public required IReadOnlyDictionary<string, string> ServerInfo { get; init; }

    public required IReadOnlyList<string> ServerStdout { get; init; }

    public required IReadOnlyList<TsharkFrame> Tshark { get; init; }

    public required IReadOnlyList<SdkFrame> Sdk { get; init; }

    public string Transcripts { get; init; } = string.Empty;

    /// <summary>The client's key (MP_CAPABLE third ACK), set by <see cref="AssertCommon"/>.</summary>
    public ulong ClientKey { get; private set; }

    /// <summary>The server's key (MP_CAPABLE SYN/ACK).</summary>
    public ulong ServerKey { get; private set; }

    /// <summary>The client's address and port of the initial subflow.</summary>
    public (string Address, int Port) Client { get; private set; }

    /// <summary>The server's address and port of the initial subflow.</summary>
    public (string Address, int Port) Server { get; private set; }

    public IEnumerable<TsharkFrame> TsharkWith(int subtype) => Tshark.Where(f => f.IsTcp && f.Subtypes.Contains(subtype));

    public IEnumerable<(SdkFrame Frame, T Option)> SdkWith<T>()
        where T : struct => Sdk.SelectMany(f => f.All<T>().Select(o => (f, o)));

    /// <summary>
    /// True when the client (the peer that connected) sent <paramref name="f"/>, on any subflow. Each subflow's sides
    /// come from its SYN: the MP_CAPABLE SYN is the client's; an MP_JOIN SYN is the client's when it carries the
    /// server's token, the server's when it carries the client's token (Linux's in-kernel path manager on the
    /// server side also opens subflows towards the client's addresses).
    /// </summary>
    public bool FromClient(SdkFrame f) =>
        _clientEndpoint.TryGetValue(f.Subflow, out string? client)
            ? client == $"{f.Source}:{f.SourcePort}"
            : throw new InvalidOperationException($"{f}: a subflow whose SYN is not in the capture");

    private readonly Dictionary<string, string> _clientEndpoint = [];

    public static IReadOnlyDictionary<string, string> ParseInfo(IEnumerable<string> stdout, string prefix)
    {
        string? line = stdout.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return new Dictionary<string, string>();
        }

        return line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1]);
    }

    /// <summary>
    /// What every scenario must show: the echo is exact; the SDK decodes every option the kernel sent and agrees
    /// with tshark on every field (<see cref="TsharkComparison"/>); the MP_CAPABLE handshake is v1 and its A flag,
    /// the DSS checksums and the kernel's own csum state all say <see cref="Checksums"/>; the kernel's token and
    /// data sequence numbers equal what the SDK derives from the keys on the wire (MptcpKeys); only loopback.
    /// </summary>
    public void AssertCommon(bool cleanClose)
    {
        // The data: what the client sent reached the server, and the echo came back whole.
        Assert.True(Payload.AsSpan().SequenceEqual(ServerReceived), $"the server received {ServerReceived.Length} bytes, not the {Payload.Length} sent");
        Assert.True(Payload.AsSpan().SequenceEqual(ClientReceived), $"the client received {ClientReceived.Length} bytes of echo, not {Payload.Length}");

        // Every frame is TCP on loopback, and the two decoders see the same frames.
        Assert.NotEmpty(Sdk);
        Assert.All(Sdk, f => Assert.True(f.IsTcp, $"{f}: not TCP ({f.Source})"));
        Assert.All(Sdk, f => Assert.True(IsLoopback(f.Source) && IsLoopback(f.Destination), $"{f}: not loopback"));

        // (b) The SDK's decode of every MPTCP option equals tshark's, field by field.
        (List<string> differences, int fields, int options) = TsharkComparison.Compare(Sdk, Tshark);
        Assert.True(differences.Count == 0,
            $"{differences.Count} differences between the SDK and tshark (known, modelled differences: see TsharkComparison.KnownDifferences):\n"
            + string.Join('\n', differences.Take(40)));
        Assert.True(options >= 8 && fields > options, $"only {options} options / {fields} fields compared");

        // The MP_CAPABLE handshake (v1).
        var capable = SdkWith<MpCapableOption>().ToList();
        Assert.All(capable, c => Assert.Equal(1, c.Option.Version));
        (SdkFrame syn, MpCapableOption synOption) = Assert.Single(capable, c => c.Frame.Syn && !c.Frame.Ack);
        (SdkFrame synAck, MpCapableOption synAckOption) = Assert.Single(capable, c => c.Frame.Syn && c.Frame.Ack);
        Assert.Equal(4, syn.Options.Single(o => o.Is<MpCapableOption>()).Length);
        Assert.True(synAckOption.HasSenderKey);
        Client = (syn.Source, syn.SourcePort);
        Server = (syn.Destination, syn.DestinationPort);
        _clientEndpoint[syn.Subflow] = $"{syn.Source}:{syn.SourcePort}";
        ServerKey = synAckOption.SenderKey;
        (SdkFrame _, MpCapableOption third) = capable.First(c => !c.Frame.Syn && c.Option.HasReceiverKey && FromClient(c.Frame));
        ClientKey = third.SenderKey;
        Assert.Equal(ServerKey, third.ReceiverKey);
        Assert.NotEqual(ClientKey, ServerKey);

        // Every MP_JOIN: its token names one of the two sides (the SDK's MptcpKeys against Linux's), and every join
        // that Linux completed carries the HMACs that the SDK's MptcpHmac computes from the keys and nonces.
        uint clientToken = MptcpKeys.Token(ClientKey, MptcpVersion.V1);
        uint serverToken = MptcpKeys.Token(ServerKey, MptcpVersion.V1);
        foreach ((SdkFrame joinSyn, MpJoinSynOption join) in JoinSyns())
        {
            Assert.True(join.ReceiverToken == serverToken || join.ReceiverToken == clientToken,
                $"{joinSyn}: MP_JOIN token {join.ReceiverToken} is neither the server's ({serverToken}) nor the client's ({clientToken})");
            bool byClient = join.ReceiverToken == serverToken;
            _clientEndpoint[joinSyn.Subflow] = byClient ? $"{joinSyn.Source}:{joinSyn.SourcePort}" : $"{joinSyn.Destination}:{joinSyn.DestinationPort}";
            AssertJoinHmacs(joinSyn, join, byClient ? ClientKey : ServerKey, byClient ? ServerKey : ClientKey);
        }

        // Checksums: the A flag of both sides, every DSS mapping, MP_CAPABLE with data, and the kernel's state agree.
        Assert.Equal(Checksums, synOption.ChecksumRequired);
        Assert.Equal(Checksums, synAckOption.ChecksumRequired);
        var mappings = SdkWith<DssOption>().Where(d => d.Option.MappingPresent).ToList();
        Assert.NotEmpty(mappings);
        Assert.All(mappings, d => Assert.True(d.Option.HasChecksum == Checksums,
            $"{d.Frame}: DSS mapping {(d.Option.HasChecksum ? "with" : "without")} a checksum, checksum_enabled={(Checksums ? 1 : 0)}"));
        Assert.All(capable.Where(c => c.Option.HasDataLevelLength), c => Assert.Equal(Checksums, c.Option.HasChecksum));
        Assert.Equal(Checksums ? "1" : "0", ClientInfo["csum"]);

        // The kernel is the judge of the SDK's key derivations: its tokens and data sequence numbers are the SDK's.
        Assert.Equal(MptcpKeys.Token(ClientKey, MptcpVersion.V1).ToString(CultureInfo.InvariantCulture), ClientInfo["token"]);
        ulong clientIdsn = MptcpKeys.InitialDataSequenceNumber(ClientKey, MptcpVersion.V1);
        ulong serverIdsn = MptcpKeys.InitialDataSequenceNumber(ServerKey, MptcpVersion.V1);
        ulong length = (ulong)Payload.Length;
        Assert.Equal(unchecked(clientIdsn + 1 + length), ulong.Parse(ClientInfo["write_seq"], CultureInfo.InvariantCulture));
        Assert.Equal(unchecked(serverIdsn + 1 + length), ulong.Parse(ClientInfo["rcv_nxt"], CultureInfo.InvariantCulture));
        if (cleanClose)
        {
            Assert.Equal(MptcpKeys.Token(ServerKey, MptcpVersion.V1).ToString(CultureInfo.InvariantCulture), ServerInfo["token"]);
            Assert.Equal(Checksums ? "1" : "0", ServerInfo["csum"]);
            Assert.Equal(unchecked(serverIdsn + 1 + length), ulong.Parse(ServerInfo["write_seq"], CultureInfo.InvariantCulture));
            Assert.Equal(unchecked(clientIdsn + 1 + length + 1), ulong.Parse(ServerInfo["rcv_nxt"], CultureInfo.InvariantCulture)); // + DATA_FIN

            // Both directions end with a DATA_FIN.
            Assert.Contains(SdkWith<DssOption>(), d => d.Option.DataFin && FromClient(d.Frame));
            Assert.Contains(SdkWith<DssOption>(), d => d.Option.DataFin && !FromClient(d.Frame));
        }

        // The first mapping of each direction starts at IDSN + 1 (the low 32 or all 64 bits, as sent).
        AssertFirstMapping(clientIdsn, FromClient);
        AssertFirstMapping(serverIdsn, f => !FromClient(f));
    }

    /// <summary>The MP_JOIN SYNs of the capture, with their frames.</summary>
    public List<(SdkFrame Frame, MpJoinSynOption Option)> JoinSyns() => SdkWith<MpJoinSynOption>().Where(j => j.Frame.Syn && !j.Frame.Ack).ToList();

    /// <summary>
    /// A complete MP_JOIN handshake that the client opened from <paramref name="from"/> (or any address) to
    /// <paramref name="to"/>:<paramref name="toPort"/>: SYN with the server's token, SYN/ACK and third ACK (their HMACs
    /// are checked for every join by <see cref="AssertCommon"/>). Returns the SYN's frame.
    /// </summary>
    public SdkFrame AssertJoin(string? from, string to, int toPort)
    {
        uint serverToken = MptcpKeys.Token(ServerKey, MptcpVersion.V1);
        var syn = JoinSyns().FirstOrDefault(j => (from is null || j.Frame.Source == from) && j.Frame.Destination == to
            && j.Frame.DestinationPort == toPort && j.Option.ReceiverToken == serverToken);
        Assert.True(syn.Frame is not null, $"no MP_JOIN SYN from the client {from ?? "*"} -> {to}:{toPort}; joins: {string.Join("; ", JoinSyns().Select(j => j.Frame))}");
        SdkFrame s = syn.Frame!;
        Assert.Contains(SdkWith<MpJoinSynAckOption>(), j => j.Frame.Subflow == s.Subflow && j.Frame.Syn && j.Frame.Ack);
        Assert.Contains(SdkWith<MpJoinAckOption>(), j => j.Frame.Subflow == s.Subflow && !j.Frame.Syn && j.Frame.Source == s.Source);

        // tshark sees the same join: subtype 1 on a SYN, the token as recvtok.
        TsharkFrame t = Tshark.Single(f => f.Number == s.Number);
        Assert.True(t.Syn && t.Subtypes.Contains(1));
        Assert.Equal(syn.Option.ReceiverToken.ToString(CultureInfo.InvariantCulture), t[Live.Tests.Tshark.Mptcp + "recvtok"]);
        return s;
    }

    /// <summary>Bytes of payload per subflow in one direction.</summary>
    public Dictionary<string, long> PayloadBySubflow(bool fromClient) =>
        Sdk.Where(f => f.PayloadLength > 0 && FromClient(f) == fromClient)
            .GroupBy(f => f.Subflow)
            .ToDictionary(g => g.Key, g => g.Sum(f => (long)f.PayloadLength));

    private void AssertJoinHmacs(SdkFrame syn, MpJoinSynOption join, ulong initiatorKey, ulong listenerKey)
    {
        var synAck = SdkWith<MpJoinSynAckOption>().FirstOrDefault(j => j.Frame.Subflow == syn.Subflow && j.Frame.Syn && j.Frame.Ack && j.Frame.Number > syn.Number);
        if (synAck.Frame is null)
        {
            // Refused (RST): nothing else to check on this subflow.
            Assert.Contains(Sdk, f => f.Subflow == syn.Subflow && f.Rst);
            return;
        }

        // RFC 8684 §3.2: SYN/ACK = leftmost 64 bits of HMAC(Key-B || Key-A, R-B || R-A), third ACK = 160 bits of
        // HMAC(Key-A || Key-B, R-A || R-B). Linux computed them; the SDK must give the same values.
        uint initiatorNonce = join.SenderRandomNumber;
        uint listenerNonce = synAck.Option.SenderRandomNumber;
        Assert.Equal(MptcpHmac.JoinSynAck(MptcpVersion.V1, listenerKey, initiatorKey, listenerNonce, initiatorNonce), synAck.Option.SenderTruncatedHmac);
        var ack = SdkWith<MpJoinAckOption>().FirstOrDefault(j => j.Frame.Subflow == syn.Subflow && !j.Frame.Syn && j.Frame.Source == syn.Source);
        Assert.True(ack.Frame is not null, $"no MP_JOIN third ACK for {syn}");
        Assert.Equal(MptcpHmac.JoinAck(MptcpVersion.V1, initiatorKey, listenerKey, initiatorNonce, listenerNonce), ack.Option.SenderHmac);
    }

    private void AssertFirstMapping(ulong idsn, Func<SdkFrame, bool> direction)
    {
        (SdkFrame frame, DssOption dss) = SdkWith<DssOption>().FirstOrDefault(d => d.Option.MappingPresent && d.Option.DataLevelLength > 0 && direction(d.Frame) && d.Frame.PayloadLength > 0);
        var capableData = SdkWith<MpCapableOption>().FirstOrDefault(c => c.Option.HasDataLevelLength && direction(c.Frame));
        if (capableData.Frame is not null && (frame is null || capableData.Frame.Number < frame.Number))
        {
            return; // v1 MP_CAPABLE with data: its mapping is implicitly IDSN + 1, subflow seq 1
        }

        Assert.True(frame is not null, "no DSS mapping with data in one direction");
        ulong expected = unchecked(idsn + 1);
        ulong got = dss.DataSequenceNumberIs8Octets ? dss.DataSequenceNumber : (uint)dss.DataSequenceNumber;
        Assert.Equal(dss.DataSequenceNumberIs8Octets ? expected : (uint)expected, got);
    }

    private static bool IsLoopback(string address) => address == "::1" || address.StartsWith("127.", StringComparison.Ordinal);

    public static byte[] ReadFile(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];
}
