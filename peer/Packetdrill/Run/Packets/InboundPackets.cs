using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Packetdrill.Syntax;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Packetdrill.Run.Packets;

// A "<" line as the packet the script's side sends: its numbers made live (a SYN's sequence number as written and the
// script's ISN from then on, ack past the kernel's ISN, TS ecr the kernel's value for the script's), its options in
// the order written, MPTCP ones built by the SDK's types with keys, IDSN-relative DSNs and checksums filled in.
internal static class InboundPackets
{
    public static TcpFlags Flags(string flags)
    {
        TcpFlags result = TcpFlags.None;
        foreach (char c in flags)
        {
            result |= c switch
            {
                'F' => TcpFlags.Fin,
                'S' => TcpFlags.Syn,
                'R' => TcpFlags.Rst,
                'P' => TcpFlags.Psh,
                'U' => TcpFlags.Urg,
                'E' => TcpFlags.Ece,
                'W' => TcpFlags.Cwr,
                '.' => TcpFlags.Ack,
                _ => TcpFlags.None,
            };
        }

        return result;
    }

    public static int Build(PacketAction p, Flow flow, ScriptVariables keys, Span<byte> into)
    {
        TcpFlags flags = Flags(p.Flags);
        bool syn = (flags & TcpFlags.Syn) != 0;
        if (syn && (flags & TcpFlags.Ack) == 0)
        {
            flow.RemoteIsn = p.Start;
        }

        var builder = new TcpPacketBuilder(flow.Remote, flow.RemotePort, flow.Local, flow.LocalPort)
        {
            SequenceNumber = syn ? p.Start : unchecked(p.Start + flow.RemoteIsn),
            AcknowledgmentNumber = (flags & TcpFlags.Ack) != 0 ? unchecked((p.Ack ?? 0) + flow.KernelIsn) : 0,
            Flags = flags,
            Window = (ushort)p.Window!.Value,
            UrgentPointer = p.UrgentPointer ?? 0,
        };
        byte[] payload = new byte[p.Length];
        foreach (TcpOptionSyntax option in p.Options ?? [])
        {
            Add(ref builder, option, p, flow, keys, payload);
        }

        return builder.TryWrite(payload, into, out int length) ? length : throw new ScriptRunException("the packet does not fit the device's buffer");
    }

    private static void Add(ref TcpPacketBuilder builder, TcpOptionSyntax option, PacketAction p, Flow flow, ScriptVariables keys, byte[] payload)
    {
        switch (option)
        {
            case NopSyntax:
                builder.AddNop();
                break;
            case EolSyntax:
                builder.AddEndOfOptions();
                break;
            case MssSyntax mss:
                builder.AddMaximumSegmentSize(mss.Value);
                break;
            case WindowScaleSyntax ws:
                builder.AddWindowScale(ws.Shift);
                break;
            case SackPermittedSyntax:
                builder.AddSackPermitted();
                break;
            case SackSyntax sack:
                var blocks = new SackBlock[sack.Blocks.Count];
                for (int i = 0; i < blocks.Length; i++)
                {
                    blocks[i] = new SackBlock(unchecked(sack.Blocks[i].Left + flow.KernelIsn), unchecked(sack.Blocks[i].Right + flow.KernelIsn));
                }

                builder.AddSack(blocks);
                break;
            case TimestampSyntax ts:
                builder.AddTimestamps(ts.Value, EchoReply(ts, p, flow));
                break;
            case MpCapableSyntax capable:
                builder.AddOption(Capable(capable, keys));
                break;
            case DssSyntax dss:
                builder.AddOption(Dss(dss, p, flow, keys, payload));
                break;
            case MpTcpRstSyntax reset:
                builder.AddOption(new MpTcpRstOption { Reason = (TcpResetReason)reset.Reason, Transient = reset.Transient });
                break;
            case MpFastCloseSyntax fastClose:
                builder.AddOption(new MpFastCloseOption { ReceiverKey = unchecked(FastCloseKey(fastClose, keys) + (ulong)fastClose.Offset) });
                break;
            case MpPrioSyntax prio:
                builder.AddOption(new MpPrioOption { Backup = prio.Backup, HasAddressId = prio.AddressId is not null, AddressId = prio.AddressId ?? 0 });
                break;
            case RemoveAddressSyntax remove:
                builder.AddOption(new RemoveAddressOption { AddressIds = OctetList.Of([.. remove.AddressIds]) });
                break;
            case MpJoinSyntax join:
                builder.AddOption(Join(join, flow, keys));
                break;
            case AddAddressSyntax add:
                builder.AddOption(AddAddress(add, flow, keys));
                break;
            case MpFailSyntax fail:
                builder.AddOption(new MpFailOption { DataSequenceNumber = fail.DataSequence.Value is ulong n ? keys.ScriptIdsn + n : throw new ScriptRunException("mp_fail needs dsn8=N here") });
                break;
            default:
                throw new ScriptRunException($"sending {option.GetType().Name[..^6]} is not done by this runner yet");
        }
    }

    // RFC 8684 §3.2: the SYN's token (the kernel's, from its key, unless written) and nonce, the SYN/ACK's and the
    // third ACK's HMACs from both keys and nonces (the script's side as the initiator or the listener, as the SYN went).
    private static MptcpOption Join(MpJoinSyntax join, Flow flow, ScriptVariables keys)
    {
        byte id = join.AddressId ?? (keys.ScriptAddressIds.TryGetValue(flow.Remote, out byte own) ? own : (byte)0);
        switch (join.Form)
        {
            case JoinForm.Syn:
                flow.ScriptNonce = join.Nonce ?? 42;
                flow.ScriptInitiated = true;
                uint token = join.Secret.Form switch
                {
                    "value" => (uint)join.Secret.Value!.Value,
                    "sha1_32" => MptcpKeys.Token(Named(join.Secret.Keys[0], keys), MptcpVersion.V0),
                    "sha256_32" => MptcpKeys.Token(Named(join.Secret.Keys[0], keys), MptcpVersion.V1),
                    _ => MptcpKeys.Token(keys.Kernel, keys.Version),
                };
                return new MpJoinSynOption { Backup = join.Backup ?? false, AddressId = id, ReceiverToken = token, SenderRandomNumber = flow.ScriptNonce };
            case JoinForm.SynAck:
                flow.ScriptNonce = join.Nonce ?? (uint)System.Security.Cryptography.RandomNumberGenerator.GetInt32(int.MaxValue);
                ulong truncated = join.Secret.Value ?? MptcpHmac.JoinSynAck(keys.Version, keys.Script, keys.Kernel, flow.ScriptNonce, flow.KernelNonce);
                return new MpJoinSynAckOption { Backup = join.Backup ?? false, AddressId = id, SenderTruncatedHmac = truncated, SenderRandomNumber = flow.ScriptNonce };
            default:
                return new MpJoinAckOption { SenderHmac = MptcpHmac.JoinAck(keys.Version, keys.Script, keys.Kernel, flow.ScriptNonce, flow.KernelNonce) };
        }
    }

    private static ulong Named(string name, ScriptVariables keys) =>
        keys.TryGet(name, out ulong key) ? key : throw new ScriptRunException($"the key {name} is not known yet");

    // RFC 8684 §3.4.1: an address of the script's side (addr[NAME] unbound: the next after the highest it has, as
    // packetdrill allocates them), its id, and the HMAC of the script's key over id, address and port.
    private static AddAddressOption AddAddress(AddAddressSyntax add, Flow flow, ScriptVariables keys)
    {
        if (!keys.ScriptAddressIds.ContainsKey(flow.Remote))
        {
            keys.ScriptAddressIds[flow.Remote] = 0;
        }

        MptcpAddress address = add.Address is string text ? MptcpAddress.From(System.Net.IPAddress.Parse(text))
            : keys.Addresses.TryGetValue(add.Variable, out MptcpAddress known) ? known
            : NextScriptAddress(flow.Remote, keys);
        keys.Addresses.TryAdd(add.Variable, address);
        if (!keys.ScriptAddressIds.TryGetValue(address, out byte id))
        {
            id = (byte)(keys.ScriptAddressIds.Values.Max() + 1);
            keys.ScriptAddressIds[address] = id;
        }

        var option = new AddAddressOption { Echo = add.Echo, AddressId = add.AddressId ?? id, Address = address, HasPort = add.Port is not null, Port = add.Port ?? 0 };
        return add.Echo ? option : option with { HasHmac = true, Hmac = add.Hmac ?? option.ComputeHmac(keys.Script, keys.Kernel) };
    }

    // The script's next address: one past its highest (192.0.2.1, then 192.0.2.2).
    public static MptcpAddress NextScriptAddress(MptcpAddress first, ScriptVariables keys)
    {
        keys.ScriptAddressIds.TryAdd(first, 0);
        MptcpAddress highest = first;
        foreach (MptcpAddress a in keys.ScriptAddressIds.Keys)
        {
            highest = a.IsIPv6 ? (a.IPv6 > highest.IPv6 ? a : highest) : (a.IPv4 > highest.IPv4 ? a : highest);
        }

        MptcpAddress next = highest.IsIPv6 ? MptcpAddress.FromIPv6(highest.IPv6 + 1) : MptcpAddress.FromIPv4(highest.IPv4 + 1);
        keys.ScriptAddressIds[next] = (byte)(keys.ScriptAddressIds.Values.Max() + 1);
        return next;
    }

    // MP_FASTCLOSE's key: the kernel's when the script names none; a NAME=N as N in network order (packetdrill's
    // htonll, unlike an MP_CAPABLE key's octets); a known name as that key.
    public static ulong FastCloseKey(MpFastCloseSyntax fastClose, ScriptVariables keys) =>
        fastClose.Key is null ? keys.Kernel
        : fastClose.Key.Value is ulong given ? given
        : keys.TryGet(fastClose.Key.Name!, out ulong key) ? key
        : throw new ScriptRunException($"the key {fastClose.Key.Name} is not known yet");

    // RFC 7323's TSecr: the kernel's live TS val for the value the script wrote for it.
    private static uint EchoReply(TimestampSyntax ts, PacketAction p, Flow flow) =>
        !p.Flags.Contains('.') || ts.EchoReply == 0 ? ts.EchoReply
        : flow.LiveTimestamps.TryGetValue(ts.EchoReply, out uint live) ? live
        : throw new ScriptRunException($"unable to infer live TS ecr for script TS ecr {ts.EchoReply}; no matching or preceding outbound TS val");

    public static MpCapableOption Capable(MpCapableSyntax capable, ScriptVariables keys)
    {
        keys.Version = capable.Version == 0 ? MptcpVersion.V0 : MptcpVersion.V1;
        var option = FlagsOf(capable);
        if (capable.Keys.Count > 0)
        {
            option = option with { HasSenderKey = true, SenderKey = keys.Sent(capable.Keys[0]) };
        }

        if (capable.Keys.Count > 1)
        {
            option = option with { HasReceiverKey = true, ReceiverKey = keys.Sent(capable.Keys[1]) };
        }

        return capable.DataLevelLength is ushort length and > 0 ? option with { HasDataLevelLength = true, DataLevelLength = length } : option;
    }

    public static MpCapableOption FlagsOf(MpCapableSyntax capable) => new()
    {
        Version = (byte)capable.Version,
        ChecksumRequired = (capable.Flags & 0x80) != 0,
        Extensibility = (capable.Flags & 0x40) != 0,
        NoMoreSubflows = (capable.Flags & 0x20) != 0,
        FlagD = (capable.Flags & 0x10) != 0,
        FlagE = (capable.Flags & 0x08) != 0,
        FlagF = (capable.Flags & 0x04) != 0,
        FlagG = (capable.Flags & 0x02) != 0,
        HmacSha = (capable.Flags & 0x01) != 0,
    };

    // RFC 8684 §3.3: the DATA_ACK past the kernel's IDSN, the DSN past the script's; with only a DATA_ACK the mapping's
    // fields are dropped, as packetdrill drops them. A checksum left out is the RFC's, over the payload.
    private static DssOption Dss(DssSyntax dss, PacketAction p, Flow flow, ScriptVariables keys, byte[] payload)
    {
        var option = new DssOption { DataFin = dss.DataFin };
        if (dss.DataAck.Present)
        {
            ulong ack = dss.DataAck.Value is ulong n ? (n == 0 ? 0 : keys.KernelIdsn + n) : throw new ScriptRunException("a dack without =N is not sent by this runner yet");
            option = option with { DataAckPresent = true, DataAckIs8Octets = dss.DataAck.EightOctets, DataAck = dss.DataAck.EightOctets ? ack : (uint)ack };
        }

        if (!dss.DataSequence.Present)
        {
            return option;
        }

        ulong dsn = dss.DataSequence.Value is ulong d ? (d == 0 ? 0 : keys.ScriptIdsn + d) : throw new ScriptRunException("a dsn without =N is not sent by this runner yet");
        uint ssn = dss.SubflowSequence ?? flow.NextSubflowSequence;
        ushort length = dss.DataLevelLength ?? (ushort)(p.Length + (dss.DataFin ? 1 : 0));
        flow.NextSubflowSequence = unchecked(ssn + (uint)p.Length + (dss.DataFin ? 1u : 0u));
        option = option with
        {
            MappingPresent = true,
            DataSequenceNumberIs8Octets = dss.DataSequence.EightOctets,
            DataSequenceNumber = dss.DataSequence.EightOctets ? dsn : (uint)dsn,
            SubflowSequenceNumber = ssn,
            DataLevelLength = length,
        };
        if (dss.NoChecksum || dss.Checksum == 0)
        {
            return option;
        }

        return dss.Checksum is ushort given
            ? option with { HasChecksum = true, Checksum = given }
            : option with { HasChecksum = true, Checksum = option.ComputeChecksum(payload, dsn) };
    }
}
