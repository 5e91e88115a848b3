using System;
using CsCheck;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>
/// CsCheck generators of valid option values, built through each struct's fields the way the schema allows them:
/// presence flags and Has* members agree, fields that are absent are zero (what decoding gives), values fit their
/// widths and every option fits the 40 octets. Every value they give must <c>Validate() == Ok</c>.
/// </summary>
internal static class OptionGenerators
{
    private static readonly Gen<ulong> U64 = Gen.ULong;
    private static readonly Gen<uint> U32 = Gen.UInt;
    private static readonly Gen<ushort> U16 = Gen.UShort;
    private static readonly Gen<byte> U8 = Gen.Byte;
    private static readonly Gen<bool> Flag = Gen.Bool;

    public static readonly Gen<MptcpAddress> Address = Gen.Select(Flag, U32, U64, U64, (v6, v4, high, low) =>
        v6 ? MptcpAddress.FromIPv6(new UInt128(high, low)) : MptcpAddress.FromIPv4(v4));

    // Version 0 has only the 12- and 20-octet forms (depth 1 and 2); RFC 8684 adds 4, 22 and 24.
    public static readonly Gen<MpCapableOption> Capable = Gen.Select(Gen.Byte[0, 15], U8, Gen.Int[0, 4], U64, U64, U16, U16,
        (version, flags, anyDepth, senderKey, receiverKey, dataLength, checksum) =>
        {
            int depth = version == 0 ? 1 + (anyDepth % 2) : anyDepth;
            return new MpCapableOption
            {
                Version = version,
                ChecksumRequired = (flags & 0x80) != 0,
                Extensibility = (flags & 0x40) != 0,
                NoMoreSubflows = (flags & 0x20) != 0,
                FlagD = (flags & 0x10) != 0,
                FlagE = (flags & 0x08) != 0,
                FlagF = (flags & 0x04) != 0,
                FlagG = (flags & 0x02) != 0,
                HmacSha = (flags & 0x01) != 0,
                HasSenderKey = depth >= 1,
                SenderKey = depth >= 1 ? senderKey : 0,
                HasReceiverKey = depth >= 2,
                ReceiverKey = depth >= 2 ? receiverKey : 0,
                HasDataLevelLength = depth >= 3,
                DataLevelLength = depth >= 3 ? dataLength : (ushort)0,
                HasChecksum = depth >= 4,
                Checksum = depth >= 4 ? checksum : (ushort)0,
            };
        });

    public static readonly Gen<MpJoinSynOption> JoinSyn = Gen.Select(Flag, U8, U32, U32, (backup, id, token, nonce) =>
        new MpJoinSynOption { Backup = backup, AddressId = id, ReceiverToken = token, SenderRandomNumber = nonce });

    public static readonly Gen<MpJoinSynAckOption> JoinSynAck = Gen.Select(Flag, U8, U64, U32, (backup, id, hmac, nonce) =>
        new MpJoinSynAckOption { Backup = backup, AddressId = id, SenderTruncatedHmac = hmac, SenderRandomNumber = nonce });

    public static readonly Gen<MpJoinAckOption> JoinAck = U8.Array[Octets20.Length].Select(hmac => new MpJoinAckOption { SenderHmac = Octets20.From(hmac) });

    public static readonly Gen<DssOption> Dss = Gen.Select(Gen.Byte[0, 31], U64, U64, U32, U16, Flag, U16, (flags, ack, sequence, subflow, length, hasChecksum, checksum) =>
    {
        var dss = new DssOption
        {
            DataFin = (flags & 0x10) != 0,
            DataSequenceNumberIs8Octets = (flags & 0x08) != 0,
            MappingPresent = (flags & 0x04) != 0,
            DataAckIs8Octets = (flags & 0x02) != 0,
            DataAckPresent = (flags & 0x01) != 0,
        };
        if (dss.DataAckPresent)
        {
            dss.DataAck = dss.DataAckIs8Octets ? ack : (uint)ack;
        }

        if (dss.MappingPresent)
        {
            dss.DataSequenceNumber = dss.DataSequenceNumberIs8Octets ? sequence : (uint)sequence;
            dss.SubflowSequenceNumber = subflow;
            dss.DataLevelLength = length;
            dss.HasChecksum = hasChecksum;
            dss.Checksum = hasChecksum ? checksum : (ushort)0;
        }

        return dss;
    });

    // RFC 8684 §3.4.1: the HMAC is there exactly when the option does not echo ('E' = 0).
    public static readonly Gen<AddAddressOption> AddAddress = Gen.Select(Flag, U8, Address, Flag, U16, U64, (echo, id, address, hasPort, port, hmac) =>
        new AddAddressOption
        {
            Echo = echo,
            AddressId = id,
            Address = address,
            HasPort = hasPort,
            Port = hasPort ? port : (ushort)0,
            HasHmac = !echo,
            Hmac = echo ? 0 : hmac,
        });

    // RFC 6824 §3.4.1: IPVer is 4 or 6 as the address is.
    public static readonly Gen<AddAddressV0Option> AddAddressV0 = Gen.Select(U8, Address, Flag, U16, (id, address, hasPort, port) =>
        new AddAddressV0Option { IPVersion = (byte)(address.IsIPv6 ? 6 : 4), AddressId = id, Address = address, HasPort = hasPort, Port = hasPort ? port : (ushort)0 });

    public static readonly Gen<RemoveAddressOption> RemoveAddress = U8.Array[1, 37].Select(ids => new RemoveAddressOption { AddressIds = OctetList.Of(ids) });

    public static readonly Gen<MpPrioOption> Prio = Gen.Select(Flag, Flag, U8, (backup, hasId, id) =>
        new MpPrioOption { Backup = backup, HasAddressId = hasId, AddressId = hasId ? id : (byte)0 });

    public static readonly Gen<MpFailOption> Fail = U64.Select(sequence => new MpFailOption { DataSequenceNumber = sequence });

    public static readonly Gen<MpFastCloseOption> FastClose = U64.Select(key => new MpFastCloseOption { ReceiverKey = key });

    public static readonly Gen<MpTcpRstOption> TcpRst = Gen.Select(Gen.Byte[0, 15], U8, (flags, reason) => new MpTcpRstOption
    {
        FlagU = (flags & 0x08) != 0,
        FlagV = (flags & 0x04) != 0,
        FlagW = (flags & 0x02) != 0,
        Transient = (flags & 0x01) != 0,
        Reason = (TcpResetReason)reason,
    });

    public static readonly Gen<MpExperimentalOption> Experimental = Gen.Select(Gen.Byte[0, 15], U8.Array[0, 37], (low, data) =>
        new MpExperimentalOption { LowBits = low, Data = OctetList.Of(data) });

    /// <summary>Any valid option, every subtype and variant equally likely.</summary>
    public static readonly Gen<MptcpOption> Valid = Gen.OneOf<MptcpOption>(
        Capable.Select(o => (MptcpOption)o),
        JoinSyn.Select(o => (MptcpOption)o),
        JoinSynAck.Select(o => (MptcpOption)o),
        JoinAck.Select(o => (MptcpOption)o),
        Dss.Select(o => (MptcpOption)o),
        AddAddress.Select(o => (MptcpOption)o),
        AddAddressV0.Select(o => (MptcpOption)o),
        RemoveAddress.Select(o => (MptcpOption)o),
        Prio.Select(o => (MptcpOption)o),
        Fail.Select(o => (MptcpOption)o),
        FastClose.Select(o => (MptcpOption)o),
        TcpRst.Select(o => (MptcpOption)o),
        Experimental.Select(o => (MptcpOption)o));

    /// <summary>The encoding of a valid option.</summary>
    public static byte[] Encode(in MptcpOption option)
    {
        byte[] buffer = new byte[MptcpConstants.MaxTcpOptionSpace];
        Assert.Equal(MptcpStatus.Ok, option.Write(buffer, out int written));
        return buffer[..written];
    }
}
