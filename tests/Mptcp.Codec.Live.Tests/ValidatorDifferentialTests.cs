using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Peer;
using Mptcp.Codec.Peer.Kernel;
using Mptcp.Codec.Peer.Mptcp;
using Mptcp.Codec.Peer.Tcp;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// The SDK's validators against the kernel's (issue 13): for every subtype, the valid form and variants of length and
/// flags are sent to the kernel in a live connection, each in a namespace of its own, where the option means
/// something (MP_CAPABLE on the SYN, MP_JOIN on a join SYN, MP_TCPRST on a RST, the rest on an ACK of an established
/// connection). The kernel acted on it when the counter of that subtype moved (for a DSS DATA_FIN: when the kernel's
/// application saw the end and the kernel sent its own DATA_FIN); an option it ignored leaves the connection going on
/// (500 octets echoed after it). What the SDK says is <c>MptcpOption.TryRead</c> of the same octets. The results are
/// the table of docs/validator-differential.md, which this test keeps: each row must be what is measured.
/// </summary>
public sealed partial class ValidatorDifferentialTests(ITestOutputHelper output)
{
    private const ushort Port = 8080;

    private enum Context
    {
        Syn,
        JoinSyn,
        Ack,
        AckAfterJoin,
        DataFin,
        Rst,
    }

    /// <summary>A case: its subtype, what varies, where it is sent, the counter that shows the kernel acted, and its octets from the connection's keys.</summary>
    private sealed record Case(int Id, string Subtype, string Variant, Context Context, string? Counter, Func<PeerConnection, byte[]> Octets);

    [SkippableFact]
    public void Every_subtype_the_kernel_acts_on_what_the_SDK_accepts_and_ignores_what_it_refuses()
    {
        LiveEnvironment.SkipUnlessMptcp();
        Dictionary<int, (string Sdk, string Kernel)> documented = Documented();
        var rows = new List<string>();
        var wrong = new List<string>();
        foreach (Case c in Cases())
        {
            (string sdk, string kernel, string hex) = Run(c);
            string agree = (sdk == "accepts") == (kernel == "acts") ? "yes" : "**no**";
            rows.Add($"| {c.Id} | {c.Subtype} | {c.Variant} | `{hex}` | {sdk} | {kernel} | {agree} |");
            if (!documented.TryGetValue(c.Id, out var row) || row != (sdk, kernel))
            {
                wrong.Add($"case {c.Id} ({c.Subtype}, {c.Variant}): measured SDK {sdk}, kernel {kernel}; docs/validator-differential.md says {(documented.TryGetValue(c.Id, out var d) ? $"{d.Sdk}, {d.Kernel}" : "nothing")}");
            }
        }

        output.WriteLine(string.Join('\n', rows));
        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    private (string Sdk, string Kernel, string Hex) Run(Case c)
    {
        string sdk = "?", kernel = "?", hex = "?";
        PeerHost.Run($"mptcp-vd-{Environment.ProcessId}-{c.Id}", checksums: false, host =>
        {
            host.Namespace.Run("ip", "mptcp", "limits", "set", "subflows", "2", "add_addr_accepted", "1");
            MptcpCounters before = MptcpCounters.Read(host.Namespace);
            using KernelEcho echo = KernelEcho.Start(new IPEndPoint(IPAddress.IPv6Any, Port));
            var connection = new PeerConnection(host.Link, new TcpSubflow(PeerHost.PeerAddresses[0], 41000, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next()),
                BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1, requestChecksums: false);
            bool acted;
            byte[] octets;
            if (c.Context == Context.Syn)
            {
                octets = c.Octets(connection);
                connection.ConnectWith(octets, 3000);
                acted = Moved(host, before, c.Counter!);
            }
            else
            {
                connection.Connect(3000);
                Probe(connection, echo, 1000);
                octets = c.Octets(connection);
                acted = c.Context switch
                {
                    Context.JoinSyn => JoinSyn(host, connection, octets, before, c.Counter!),
                    Context.DataFin => DataFin(connection, octets),
                    Context.Rst => Rst(host, connection, octets, before, c.Counter!),
                    Context.AckAfterJoin => AckAfterJoin(host, connection, octets, before, c.Counter!),
                    _ => Ack(host, connection, octets, before, c.Counter!),
                };

                // An option the kernel ignored must not have hurt the connection.
                if (!acted)
                {
                    Assert.True(Probe(connection, echo, 500), $"case {c.Id}: after an ignored option the connection does not go on\n{string.Join('\n', host.Link.Transcript.TakeLast(10))}");
                }
            }

            hex = Convert.ToHexStringLower(octets);
            sdk = MptcpOption.TryRead(octets, out _, out MptcpError error) ? "accepts" : $"refuses ({error.Status})";
            kernel = acted ? "acts" : "ignores";
        });
        return (sdk.StartsWith("refuses", StringComparison.Ordinal) ? sdk : "accepts", kernel, hex);
    }

    private static bool Moved(PeerHost host, MptcpCounters before, string counter) =>
        MptcpCounters.Read(host.Namespace)[counter] > before[counter];

    /// <summary>Sends octets and waits for their echo; whether it came.</summary>
    private static bool Probe(PeerConnection connection, KernelEcho echo, int octets)
    {
        long expected = connection.Received.Length + octets;
        connection.Send(RandomNumberGenerator.GetBytes(octets));
        return connection.WaitUntil(() => connection.Received.Length == expected, 3000);
    }

    private static bool Ack(PeerHost host, PeerConnection connection, byte[] octets, MptcpCounters before, string counter)
    {
        connection.SendRaw(octets);
        connection.WaitUntil(() => Moved(host, before, counter), 1000);
        return Moved(host, before, counter);
    }

    private static bool AckAfterJoin(PeerHost host, PeerConnection connection, byte[] octets, MptcpCounters before, string counter)
    {
        MptcpSubflow join = connection.Join(new TcpSubflow(PeerHost.PeerAddresses[1], 41001, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next()), 1, false, JoinFault.None, 3000);
        Assert.True(join.Established, "the join for the REMOVE_ADDR case failed");
        return Ack(host, connection, octets, before, counter);
    }

    private static bool JoinSyn(PeerHost host, PeerConnection connection, byte[] octets, MptcpCounters before, string counter)
    {
        connection.JoinSynWith(new TcpSubflow(PeerHost.PeerAddresses[1], 41002, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next()), octets, 2000);
        return Moved(host, before, counter);
    }

    private static bool Rst(PeerHost host, PeerConnection connection, byte[] octets, MptcpCounters before, string counter)
    {
        MptcpSubflow join = connection.Join(new TcpSubflow(PeerHost.PeerAddresses[1], 41003, PeerHost.KernelAddress, Port, (uint)Random.Shared.Next()), 1, false, JoinFault.None, 3000);
        Assert.True(join.Established, "the join to reset failed");
        connection.SendRaw(octets, subflow: 1, flags: TcpFlags.Rst);
        connection.WaitUntil(() => Moved(host, before, counter), 1000);
        return Moved(host, before, counter);
    }

    private static bool DataFin(PeerConnection connection, byte[] octets)
    {
        connection.SendRaw(octets);
        return connection.WaitUntil(() => connection.RemoteDataFin, 1000);
    }

    /// <summary>The octets of <paramref name="option"/> as the SDK encodes it.</summary>
    private static byte[] Encode(MptcpOption option)
    {
        byte[] buffer = new byte[40];
        Assert.Equal(MptcpStatus.Ok, option.Write(buffer, out int written));
        return buffer[..written];
    }

    /// <summary>The same option cut by one octet, or padded with a zero octet, its length octet saying so.</summary>
    private static byte[] Resized(byte[] octets, int change)
    {
        byte[] resized = change < 0 ? octets[..^(-change)] : [.. octets, .. new byte[change]];
        resized[1] = (byte)resized.Length;
        return resized;
    }

    private static byte[] WithByte(byte[] octets, int index, byte value)
    {
        byte[] copy = [.. octets];
        copy[index] = value;
        return copy;
    }

    private static IEnumerable<Case> Cases()
    {
        int id = 0;
        MpCapableOption capable = new() { Version = 1, HmacSha = true };
        MptcpOption AddAddr(PeerConnection c, MptcpAddress address, ushort? port) => new AddAddressOption
        {
            AddressId = 1, Address = address, HasPort = port is not null, Port = port ?? 0, HasHmac = true,
            Hmac = MptcpHmac.AddAddress(c.LocalKey, c.RemoteKey, 1, address, port ?? 0),
        };
        MptcpOption JoinSyn(PeerConnection c) => new MpJoinSynOption { AddressId = 2, ReceiverToken = MptcpKeys.Token(c.RemoteKey, MptcpVersion.V1), SenderRandomNumber = 0x1234_5678 };
        MptcpOption DataFin(PeerConnection c, bool wide) => new DssOption
        {
            DataFin = true, MappingPresent = true, DataSequenceNumberIs8Octets = wide, DataSequenceNumber = wide ? c.SendDsn : (uint)c.SendDsn,
            SubflowSequenceNumber = 0, DataLevelLength = 1, DataAckPresent = true, DataAckIs8Octets = true,
            DataAck = MptcpKeys.InitialDataSequenceNumber(c.RemoteKey, MptcpVersion.V1) + 1 + (ulong)c.Received.Length,
        };

        yield return new(++id, "MP_CAPABLE", "v1, flags H, 4 octets (the SYN's form)", Context.Syn, "MPCapableSYNRX", _ => Encode(capable));
        yield return new(++id, "MP_CAPABLE", "cut to 3 octets", Context.Syn, "MPCapableSYNRX", _ => Resized(Encode(capable), -1));
        yield return new(++id, "MP_CAPABLE", "padded to 5 octets", Context.Syn, "MPCapableSYNRX", _ => Resized(Encode(capable), 1));
        yield return new(++id, "MP_CAPABLE", "12 octets with a key (the SYN/ACK's form) on a SYN", Context.Syn, "MPCapableSYNRX", _ => Encode(capable with { SenderKey = 0x0102030405060708, HasSenderKey = true }));
        yield return new(++id, "MP_CAPABLE", "flags 0x00: no H (no crypto algorithm)", Context.Syn, "MPCapableSYNRX", _ => Encode(capable with { HmacSha = false }));
        yield return new(++id, "MP_CAPABLE", "flags H and B (extensibility)", Context.Syn, "MPCapableSYNRX", _ => Encode(capable with { Extensibility = true }));
        yield return new(++id, "MP_CAPABLE", "version 0 in 4 octets", Context.Syn, "MPCapableSYNRX", _ => WithByte(Encode(capable), 2, 0x00));
        yield return new(++id, "MP_JOIN", "SYN form, 12 octets", Context.JoinSyn, "MPJoinSynRx", c => Encode(JoinSyn(c)));
        yield return new(++id, "MP_JOIN", "SYN form with B (backup), 12 octets", Context.JoinSyn, "MPJoinSynBackupRx", c => Encode(JoinSyn(c) is var j && j.TryGet(out MpJoinSynOption s) ? s with { Backup = true } : j));
        yield return new(++id, "MP_JOIN", "SYN form cut to 11 octets", Context.JoinSyn, "MPJoinSynRx", c => Resized(Encode(JoinSyn(c)), -1));
        yield return new(++id, "MP_JOIN", "SYN form padded to 13 octets", Context.JoinSyn, "MPJoinSynRx", c => Resized(Encode(JoinSyn(c)), 1));
        yield return new(++id, "DSS", "DATA_FIN, 64-bit DATA_ACK and DSN, 26 octets", Context.DataFin, null, c => Encode(DataFin(c, wide: true)));
        yield return new(++id, "DSS", "DATA_FIN, 64-bit DSN, cut to 25 octets", Context.DataFin, null, c => Resized(Encode(DataFin(c, wide: true)), -1));
        yield return new(++id, "DSS", "DATA_FIN, 64-bit DSN, padded to 27 octets", Context.DataFin, null, c => Resized(Encode(DataFin(c, wide: true)), 1));
        yield return new(++id, "DSS", "DATA_FIN, 32-bit DSN, 22 octets", Context.DataFin, null, c => Encode(DataFin(c, wide: false)));
        yield return new(++id, "DSS", "DATA_FIN, flag m (64-bit DSN) with a 32-bit DSN's 22 octets", Context.DataFin, null, c => WithByte(Encode(DataFin(c, wide: false)), 3, (byte)(Encode(DataFin(c, wide: false))[3] | 0x08)));
        yield return new(++id, "DSS", "DATA_FIN, flag a (64-bit DATA_ACK) with a 32-bit DATA_ACK's 22 octets", Context.DataFin, null,
            c => DataFin(c, wide: true).TryGet(out DssOption d) ? WithByte(Encode(d with { DataAckIs8Octets = false, DataAck = (uint)d.DataAck }), 3, (byte)(Encode(d with { DataAckIs8Octets = false, DataAck = (uint)d.DataAck })[3] | 0x02)) : []);
        yield return new(++id, "ADD_ADDR", "IPv4 with HMAC, 16 octets", Context.Ack, "AddAddr", c => Encode(AddAddr(c, PeerHost.PeerAddresses[1], null)));
        yield return new(++id, "ADD_ADDR", "IPv4 with HMAC cut to 15 octets", Context.Ack, "AddAddr", c => Resized(Encode(AddAddr(c, PeerHost.PeerAddresses[1], null)), -1));
        yield return new(++id, "ADD_ADDR", "IPv4 with HMAC padded to 17 octets", Context.Ack, "AddAddr", c => Resized(Encode(AddAddr(c, PeerHost.PeerAddresses[1], null)), 1));
        yield return new(++id, "ADD_ADDR", "IPv4, E = 0 and no HMAC, 8 octets", Context.Ack, "AddAddr", c => Encode(AddAddr(c, PeerHost.PeerAddresses[1], null))[..8] is var o ? WithByte(o, 1, 8) : []);
        yield return new(++id, "ADD_ADDR", "IPv4 echo (E = 1, no HMAC), 8 octets", Context.Ack, "EchoAdd", _ => Encode(new AddAddressOption { Echo = true, AddressId = 1, Address = PeerHost.PeerAddresses[1] }));
        yield return new(++id, "ADD_ADDR", "IPv4 with port and HMAC, 18 octets", Context.Ack, "AddAddr", c => Encode(AddAddr(c, PeerHost.PeerAddresses[1], 9000)));
        yield return new(++id, "ADD_ADDR", "IPv6 with HMAC, 28 octets", Context.Ack, "AddAddr", c => Encode(AddAddr(c, PeerHost.PeerAddresses6[1], null)));
        yield return new(++id, "REMOVE_ADDR", "one address id (1), 4 octets", Context.AckAfterJoin, "RmAddr", _ => Encode(new RemoveAddressOption { AddressIds = OctetList.Of(1) }));
        yield return new(++id, "REMOVE_ADDR", "no address id, 3 octets", Context.AckAfterJoin, "RmAddr", _ => Resized(Encode(new RemoveAddressOption { AddressIds = OctetList.Of(1) }), -1));
        yield return new(++id, "MP_PRIO", "backup, 3 octets", Context.Ack, "MPPrioRx", _ => Encode(new MpPrioOption { Backup = true }));
        yield return new(++id, "MP_PRIO", "backup with an address id (RFC 6824's form), 4 octets", Context.Ack, "MPPrioRx", _ => Encode(new MpPrioOption { Backup = true, AddressId = 0, HasAddressId = true }));
        yield return new(++id, "MP_PRIO", "cut to 2 octets", Context.Ack, "MPPrioRx", _ => Resized(Encode(new MpPrioOption { Backup = true }), -1));
        yield return new(++id, "MP_FAIL", "12 octets", Context.Ack, "MPFailRx", c => Encode(new MpFailOption { DataSequenceNumber = c.SendDsn - 1 }));
        yield return new(++id, "MP_FAIL", "cut to 11 octets", Context.Ack, "MPFailRx", c => Resized(Encode(new MpFailOption { DataSequenceNumber = c.SendDsn - 1 }), -1));
        yield return new(++id, "MP_FAIL", "padded to 13 octets", Context.Ack, "MPFailRx", c => Resized(Encode(new MpFailOption { DataSequenceNumber = c.SendDsn - 1 }), 1));
        yield return new(++id, "MP_FASTCLOSE", "the kernel's key, 12 octets", Context.Ack, "MPFastcloseRx", c => Encode(new MpFastCloseOption { ReceiverKey = c.RemoteKey }));
        yield return new(++id, "MP_FASTCLOSE", "cut to 11 octets", Context.Ack, "MPFastcloseRx", c => Resized(Encode(new MpFastCloseOption { ReceiverKey = c.RemoteKey }), -1));
        yield return new(++id, "MP_FASTCLOSE", "padded to 13 octets", Context.Ack, "MPFastcloseRx", c => Resized(Encode(new MpFastCloseOption { ReceiverKey = c.RemoteKey }), 1));
        yield return new(++id, "MP_TCPRST", "reason 0, 4 octets, on a RST", Context.Rst, "MPRstRx", _ => Encode(new MpTcpRstOption { Reason = TcpResetReason.UnspecifiedError }));
        yield return new(++id, "MP_TCPRST", "cut to 3 octets, on a RST", Context.Rst, "MPRstRx", _ => Resized(Encode(new MpTcpRstOption { Reason = TcpResetReason.UnspecifiedError }), -1));
        yield return new(++id, "MP_TCPRST", "padded to 5 octets, on a RST", Context.Rst, "MPRstRx", _ => Resized(Encode(new MpTcpRstOption { Reason = TcpResetReason.UnspecifiedError }), 1));
    }

    /// <summary>Case id → (SDK, kernel) from the table of docs/validator-differential.md.</summary>
    private static Dictionary<int, (string, string)> Documented()
    {
        string doc = Repository.Path("docs", "validator-differential.md");
        return !File.Exists(doc) ? [] : Row().Matches(File.ReadAllText(doc))
            .ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => (m.Groups[2].Value.Trim(), m.Groups[3].Value.Trim()));
    }

    [GeneratedRegex(@"^\| (\d+) \|[^|]*\|[^|]*\|[^|]*\| ([^|]+) \| (acts|ignores) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
