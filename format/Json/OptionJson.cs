using System;
using System.Text.Json;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Json;

/// <summary>The Wireshark-named members of each subtype.</summary>
internal static class OptionJson
{
    public static void WriteFields(Utf8JsonWriter json, in MptcpOption option)
    {
        if (option.TryGet(out MpCapableOption capable))
        {
            json.WriteNumber("version", capable.Version);
            json.WriteBoolean("checksumreq", capable.ChecksumRequired);
            json.WriteBoolean("extensibility", capable.Extensibility);
            json.WriteBoolean("nomoresubflows", capable.NoMoreSubflows);
            json.WriteBoolean(capable.Version == 1 ? "sha256" : "sha1", capable.HmacSha);
            Optional64(json, "sendkey", capable.HasSenderKey, capable.SenderKey);
            Optional64(json, "recvkey", capable.HasReceiverKey, capable.ReceiverKey);
            Optional(json, "datalvllen", capable.HasDataLevelLength, capable.DataLevelLength);
            Optional(json, "checksum", capable.HasChecksum, capable.Checksum);
        }
        else if (option.TryGet(out MpJoinSynOption syn))
        {
            Join(json, syn.Backup, syn.AddressId, syn.SenderRandomNumber);
            json.WriteNumber("recvtok", syn.ReceiverToken);
        }
        else if (option.TryGet(out MpJoinSynAckOption synAck))
        {
            Join(json, synAck.Backup, synAck.AddressId, synAck.SenderRandomNumber);
            MptcpJson.WriteUInt64(json, "sendtrunchmac", synAck.SenderTruncatedHmac);
        }
        else if (option.TryGet(out MpJoinAckOption ack))
        {
            json.WriteString("sendhmac", ack.SenderHmac.ToString());
        }
        else if (option.TryGet(out DssOption dss))
        {
            json.WriteBoolean("datafin", dss.DataFin);
            json.WriteBoolean("dseqn8", dss.DataSequenceNumberIs8Octets);
            json.WriteBoolean("dseqnpresent", dss.MappingPresent);
            json.WriteBoolean("dataack8", dss.DataAckIs8Octets);
            json.WriteBoolean("dataackpresent", dss.DataAckPresent);
            Optional64(json, "rawdataack", dss.DataAckPresent, dss.DataAck);
            Optional64(json, "rawdataseqno", dss.MappingPresent, dss.DataSequenceNumber);
            Optional(json, "subflowseqno", dss.MappingPresent, dss.SubflowSequenceNumber);
            Optional(json, "datalvllen", dss.MappingPresent, dss.DataLevelLength);
            Optional(json, "checksum", dss.HasChecksum, dss.Checksum);
        }
        else if (option.TryGet(out AddAddressOption add))
        {
            json.WriteBoolean("echo", add.Echo);
            Address(json, add.AddressId, add.Address, add.HasPort, add.Port);
            Optional64(json, "addaddrtrunchmac", add.HasHmac, add.Hmac);
        }
        else if (option.TryGet(out AddAddressV0Option addV0))
        {
            json.WriteNumber("ipver", addV0.IPVersion);
            Address(json, addV0.AddressId, addV0.Address, addV0.HasPort, addV0.Port);
        }
        else if (option.TryGet(out RemoveAddressOption remove))
        {
            json.WriteStartArray("addrid");
            foreach (byte id in remove.AddressIds.AsSpan())
            {
                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
        }
        else if (option.TryGet(out MpPrioOption prio))
        {
            json.WriteBoolean("backup", prio.Backup);
            Optional(json, "addrid", prio.HasAddressId, prio.AddressId);
        }
        else if (option.TryGet(out MpFailOption fail))
        {
            MptcpJson.WriteUInt64(json, "rawdataseqno", fail.DataSequenceNumber);
        }
        else if (option.TryGet(out MpFastCloseOption fastClose))
        {
            MptcpJson.WriteUInt64(json, "recvkey", fastClose.ReceiverKey);
        }
        else if (option.TryGet(out MpTcpRstOption reset))
        {
            json.WriteBoolean("flag_U", reset.FlagU);
            json.WriteBoolean("flag_V", reset.FlagV);
            json.WriteBoolean("flag_W", reset.FlagW);
            json.WriteBoolean("flag_T", reset.Transient);
            json.WriteNumber("rst_reason", (byte)reset.Reason);
        }
        else if (option.TryGet(out MpExperimentalOption experimental))
        {
            json.WriteString("raw", experimental.Data.ToString());
        }
    }

    private static void Join(Utf8JsonWriter json, bool backup, byte addressId, uint nonce)
    {
        json.WriteBoolean("backup", backup);
        json.WriteNumber("addrid", addressId);
        json.WriteNumber("sendrand", nonce);
    }

    private static void Address(Utf8JsonWriter json, byte id, MptcpAddress address, bool hasPort, ushort port)
    {
        json.WriteNumber("addrid", id);
        Span<char> text = stackalloc char[48];
        address.TryFormat(text, out int written);
        json.WriteString(address.IsIPv6 ? "ipv6" : "ipv4", text[..written]);
        Optional(json, "port", hasPort, port);
    }

    private static void Optional(Utf8JsonWriter json, string name, bool present, ulong value)
    {
        if (present)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void Optional64(Utf8JsonWriter json, string name, bool present, ulong value)
    {
        if (present)
        {
            MptcpJson.WriteUInt64(json, name, value);
        }
    }
}
