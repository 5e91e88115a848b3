using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// The userspace peer (peer/, issue 13) against the kernel: what the SDK encodes is sent to a real MPTCP listener
/// through a TUN device, and the kernel's verdicts are its MPTcpExt counters and what its application received.
/// </summary>
public sealed class PeerTests(ITestOutputHelper output)
{
    private const ushort Port = 8080;

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Capable_data_both_ways_and_DATA_FIN(bool checksums)
    {
        byte[] data = RandomNumberGenerator.GetBytes(5000);
        Connected(checksums ? "csum" : "nocsum", checksums, (host, echo, connection, before) =>
        {
            TcpSubflow subflow = connection.Initial;
            Assert.Equal(checksums, connection.Checksums);

            connection.Send(data);
            Assert.True(connection.WaitUntil(() => connection.Received.Length == data.Length, 5000), $"echo: {connection.Received.Length} of {data.Length} octets");
            connection.SendDataFin();
            Assert.True(connection.WaitUntil(() => connection.RemoteDataFin && connection.RemoteDataAck == connection.SendDsn, 5000), "no DATA_FIN from the kernel, or our DATA_FIN unacknowledged");
            connection.SendFin();
            Assert.True(connection.WaitUntil(() => connection.Subflows[0].RemoteFin && subflow.AllAcknowledged, 5000), "no FIN from the kernel");
            Assert.True(echo.WaitForEnd(2000));

            MptcpCounters after = MptcpCounters.Read(host.Namespace);
            var changed = after.Since(before);
            output.WriteLine(string.Join(", ", changed.Select(kv => $"{kv.Key} +{kv.Value}")));
            Assert.True(data.AsSpan().SequenceEqual(echo.Received), $"the application read {echo.Received.Length} octets");
            Assert.True(data.AsSpan().SequenceEqual(connection.Received.ToArray()), "the echo differs");
            Assert.Null(echo.Failure);
            Assert.Equal(1, Delta(before, after, "MPCapableSYNRX"));
            Assert.Equal(1, Delta(before, after, "MPCapableACKRX"));
            Assert.Equal(0, Delta(before, after, "DataCsumErr"));
            Assert.Equal(0, Delta(before, after, "DssFallback"));
            Assert.Equal(0, Delta(before, after, "MPCapableFallbackACK"));
        });
    }

    /// <summary>
    /// A wrong DSS checksum: after a good mapping the kernel answers with MP_FAIL (RFC 8684 §3.7) and counts DataCsumErr
    /// and MPFailTx; on the first mapping it falls back to TCP instead (DataCsumErr, DssFallback) and sends no MP_FAIL.
    /// </summary>
    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Wrong_DSS_checksum(bool afterAGoodOne)
    {
        Connected($"csum-fail-{afterAGoodOne}", checksums: true, (host, echo, connection, before) =>
        {
            byte[] good = RandomNumberGenerator.GetBytes(1000), bad = RandomNumberGenerator.GetBytes(1000);
            if (afterAGoodOne)
            {
                connection.Send(good);
                Assert.True(connection.WaitUntil(() => connection.Received.Length == good.Length, 5000), "no echo of the good mapping");
            }

            connection.Send(bad, corruptChecksum: true);
            Segment? fail = connection.Expect(s => s.HasOption(MptcpOptionKind.MpFailOption), 2000);
            MptcpCounters after = MptcpCounters.Read(host.Namespace);
            output.WriteLine(string.Join(", ", after.Since(before).Select(kv => $"{kv.Key} +{kv.Value}")));
            Assert.Equal(1, Delta(before, after, "DataCsumErr"));
            Assert.Equal(afterAGoodOne, fail is not null);
            Assert.Equal(afterAGoodOne ? 1 : 0, Delta(before, after, "MPFailTx"));
            Assert.Equal(afterAGoodOne ? 0 : 1, Delta(before, after, "DssFallback"));
        });
    }

    /// <summary>
    /// MP_JOIN from the peer's second address: with the right token and HMACs the kernel takes the subflow (its
    /// SYN/ACK HMAC is the one RFC 8684 §3.2 gives) and data goes over it; a wrong third-ACK HMAC or an unknown
    /// token gets a reset carrying MP_TCPRST.
    /// </summary>
    [SkippableTheory]
    [InlineData(JoinFault.None)]
    [InlineData(JoinFault.WrongHmac)]
    [InlineData(JoinFault.UnknownToken)]
    public void Join_from_a_second_address(JoinFault fault)
    {
        Connected($"join-{fault}", checksums: false, (host, echo, connection, before) =>
        {
            byte[] first = RandomNumberGenerator.GetBytes(1500);
            connection.Send(first);
            Assert.True(connection.WaitUntil(() => connection.Received.Length == first.Length, 5000));

            MptcpSubflow join = connection.Join(new TcpSubflow(PeerHost.PeerAddresses[1], 40004, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next()), addressId: 1, backup: false, fault, 3000);
            MptcpCounters after = MptcpCounters.Read(host.Namespace);
            output.WriteLine(string.Join(", ", after.Since(before).Select(kv => $"{kv.Key} +{kv.Value}")));
            Assert.Equal(1, Delta(before, after, "MPJoinSynRx"));
            switch (fault)
            {
                case JoinFault.None:
                    Assert.True(join.Established && join.RemoteHmacValid == true, "the kernel did not take the join, or its HMAC is wrong");
                    Assert.Equal(1, Delta(before, after, "MPJoinAckRx"));
                    byte[] second = RandomNumberGenerator.GetBytes(3000);
                    connection.Send(second, subflow: 1);
                    Assert.True(connection.WaitUntil(() => connection.Received.Length == first.Length + second.Length, 5000));
                    Assert.Equal([.. first, .. second], echo.Received);
                    break;
                case JoinFault.WrongHmac:
                    Assert.True(join.Reset, "no reset for a wrong HMAC");
                    Assert.True(join.ResetOption is not null, "the reset has no MP_TCPRST");
                    Assert.Contains(join.ResetOption!.Value.Reason, new[] { TcpResetReason.MptcpSpecificError, TcpResetReason.AdministrativelyProhibited });
                    Assert.Equal(1, Delta(before, after, "MPJoinAckHMacFailure"));
                    Assert.Equal(0, Delta(before, after, "MPJoinAckRx"));
                    break;
                case JoinFault.UnknownToken:
                    Assert.True(join.Reset, "no reset for an unknown token");
                    Assert.True(join.ResetOption is not null, "the reset has no MP_TCPRST");
                    Assert.Equal(1, Delta(before, after, "MPJoinNoTokenFound"));
                    break;
            }
        });
    }

    /// <summary>
    /// A run in a fresh namespace: a kernel echo listener on 10.9.0.1:8080 and the peer connected to it with MP_CAPABLE,
    /// then <paramref name="body"/> with the counters from before the connection; the transcript goes to the output.
    /// </summary>
    private void Connected(string name, bool checksums, Action<PeerHost, KernelEcho, PeerConnection, MptcpCounters> body)
    {
        LiveEnvironment.SkipUnlessMptcp();
        PeerHost.Run($"mptcp-peer-{Environment.ProcessId}-{name}", checksums, host =>
        {
            try
            {
                MptcpCounters before = MptcpCounters.Read(host.Namespace);
                using KernelEcho echo = KernelEcho.Start(new IPEndPoint(PeerHost.KernelAddress.ToIPAddress(), Port));
                var subflow = new TcpSubflow(PeerHost.PeerAddresses[0], 40001, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next());
                var connection = new PeerConnection(host.Link, subflow, (ulong)Random.Shared.NextInt64() | 1, requestChecksums: checksums);
                connection.Connect(3000);
                body(host, echo, connection, before);
            }
            finally
            {
                output.WriteLine(string.Join('\n', host.Link.Transcript.Take(60)));
            }
        });
    }

    private static long Delta(MptcpCounters before, MptcpCounters after, string name) => after[name] - before[name];
}
