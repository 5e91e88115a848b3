using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
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
        LiveEnvironment.SkipUnlessMptcp();
        byte[] data = RandomNumberGenerator.GetBytes(5000);
        PeerHost.Run($"mptcp-peer-{Environment.ProcessId}-{(checksums ? "csum" : "nocsum")}", checksums, host =>
        {
            try
            {
                MptcpCounters before = MptcpCounters.Read(host.Namespace);
                using KernelEcho echo = KernelEcho.Start(new IPEndPoint(new IPAddress([10, 9, 0, 1]), Port));
                var subflow = new TcpSubflow(PeerHost.PeerAddresses[0], 40001, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next());
                var connection = new PeerConnection(host.Link, subflow, (ulong)Random.Shared.NextInt64() | 1, requestChecksums: checksums);
                connection.Connect(3000);
                Assert.Equal(checksums, connection.Checksums);

                connection.Send(data);
                Assert.True(connection.WaitUntil(() => connection.Received.Length == data.Length, 5000), $"echo: {connection.Received.Length} of {data.Length} octets");
                connection.SendDataFin();
                Assert.True(connection.WaitUntil(() => connection.RemoteDataFin && connection.RemoteDataAck == connection.SendDsn, 5000), "no DATA_FIN from the kernel, or our DATA_FIN unacknowledged");
                connection.SendFin();
                Assert.True(connection.WaitUntil(() => connection.RemoteFin && subflow.AllAcknowledged, 5000), "no FIN from the kernel");
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
            }
            finally
            {
                output.WriteLine(string.Join('\n', host.Link.Transcript.Take(60)));
            }
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
        LiveEnvironment.SkipUnlessMptcp();
        PeerHost.Run($"mptcp-peer-{Environment.ProcessId}-csum-fail-{afterAGoodOne}", checksums: true, host =>
        {
            try
            {
                MptcpCounters before = MptcpCounters.Read(host.Namespace);
                using KernelEcho echo = KernelEcho.Start(new IPEndPoint(new IPAddress([10, 9, 0, 1]), Port));
                var subflow = new TcpSubflow(PeerHost.PeerAddresses[0], 40002, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next());
                var connection = new PeerConnection(host.Link, subflow, (ulong)Random.Shared.NextInt64() | 1, requestChecksums: true);
                connection.Connect(3000);
                byte[] good = RandomNumberGenerator.GetBytes(1000), bad = RandomNumberGenerator.GetBytes(1000);
                if (afterAGoodOne)
                {
                    connection.Send(good);
                    Assert.True(connection.WaitUntil(() => connection.Received.Length == good.Length, 5000), "no echo of the good mapping");
                }

                connection.Send(bad, corruptChecksum: true);
                Segment? fail = connection.Expect(s => s.HasOption(Options.MptcpOptionKind.MpFailOption), 2000, "MP_FAIL");
                MptcpCounters after = MptcpCounters.Read(host.Namespace);
                output.WriteLine(string.Join(", ", after.Since(before).Select(kv => $"{kv.Key} +{kv.Value}")));
                Assert.Equal(1, Delta(before, after, "DataCsumErr"));
                Assert.Equal(afterAGoodOne, fail is not null);
                Assert.Equal(afterAGoodOne ? 1 : 0, Delta(before, after, "MPFailTx"));
                Assert.Equal(afterAGoodOne ? 0 : 1, Delta(before, after, "DssFallback"));
            }
            finally
            {
                output.WriteLine(string.Join('\n', host.Link.Transcript.Take(40)));
            }
        });
    }

    private static long Delta(MptcpCounters before, MptcpCounters after, string name) => after[name] - before[name];
}
