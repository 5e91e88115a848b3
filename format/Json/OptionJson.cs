using System;
using System.Text.Json;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Json;

// The Wireshark-named members of each subtype: a handler of the union's
// MptcpOption.Switch<THandler>, so every kind of option has its JSON.
internal readonly struct OptionJson : MptcpOption.IHandler
{
    private readonly Utf8JsonWriter _json;

    private OptionJson(Utf8JsonWriter json) => _json = json;

    public static void WriteFields(Utf8JsonWriter json, in MptcpOption option)
    {
        var fields = new OptionJson(json);
        option.Switch(ref fields);
    }

    public void Handle(in MpCapableOption option)
    {
        _json.WriteNumber("version"u8, option.Version);
        _json.WriteBoolean("checksumreq"u8, option.ChecksumRequired);
        _json.WriteBoolean("extensibility"u8, option.Extensibility);
        _json.WriteBoolean("nomoresubflows"u8, option.NoMoreSubflows);
        _json.WriteBoolean(option.Version == 1 ? "sha256"u8 : "sha1"u8, option.HmacSha);
        Optional64(_json, "sendkey"u8, option.HasSenderKey, option.SenderKey);
        Optional64(_json, "recvkey"u8, option.HasReceiverKey, option.ReceiverKey);
        Optional(_json, "datalvllen"u8, option.HasDataLevelLength, option.DataLevelLength);
        Optional(_json, "checksum"u8, option.HasChecksum, option.Checksum);
    }

    public void Handle(in MpJoinSynOption option)
    {
        Join(_json, option.Backup, option.AddressId, option.SenderRandomNumber);
        _json.WriteNumber("recvtok"u8, option.ReceiverToken);
    }

    public void Handle(in MpJoinSynAckOption option)
    {
        Join(_json, option.Backup, option.AddressId, option.SenderRandomNumber);
        MptcpJson.WriteUInt64(_json, "sendtrunchmac"u8, option.SenderTruncatedHmac);
    }

    public void Handle(in MpJoinAckOption option) => _json.WriteString("sendhmac"u8, option.SenderHmac.ToString());

    public void Handle(in DssOption option)
    {
        _json.WriteBoolean("datafin"u8, option.DataFin);
        _json.WriteBoolean("dseqn8"u8, option.DataSequenceNumberIs8Octets);
        _json.WriteBoolean("dseqnpresent"u8, option.MappingPresent);
        _json.WriteBoolean("dataack8"u8, option.DataAckIs8Octets);
        _json.WriteBoolean("dataackpresent"u8, option.DataAckPresent);
        Optional64(_json, "rawdataack"u8, option.DataAckPresent, option.DataAck);
        Optional64(_json, "rawdataseqno"u8, option.MappingPresent, option.DataSequenceNumber);
        Optional(_json, "subflowseqno"u8, option.MappingPresent, option.SubflowSequenceNumber);
        Optional(_json, "datalvllen"u8, option.MappingPresent, option.DataLevelLength);
        Optional(_json, "checksum"u8, option.HasChecksum, option.Checksum);
    }

    public void Handle(in AddAddressOption option)
    {
        _json.WriteBoolean("echo"u8, option.Echo);
        Address(_json, option.AddressId, option.Address, option.HasPort, option.Port);
        Optional64(_json, "addaddrtrunchmac"u8, option.HasHmac, option.Hmac);
    }

    public void Handle(in AddAddressV0Option option)
    {
        _json.WriteNumber("ipver"u8, option.IPVersion);
        Address(_json, option.AddressId, option.Address, option.HasPort, option.Port);
    }

    public void Handle(in RemoveAddressOption option)
    {
        _json.WriteStartArray("addrid"u8);
        OctetList ids = option.AddressIds;
        foreach (byte id in ids.AsSpan())
        {
            _json.WriteNumberValue(id);
        }

        _json.WriteEndArray();
    }

    public void Handle(in MpPrioOption option)
    {
        _json.WriteBoolean("backup"u8, option.Backup);
        Optional(_json, "addrid"u8, option.HasAddressId, option.AddressId);
    }

    public void Handle(in MpFailOption option) => MptcpJson.WriteUInt64(_json, "rawdataseqno"u8, option.DataSequenceNumber);

    public void Handle(in MpFastCloseOption option) => MptcpJson.WriteUInt64(_json, "recvkey"u8, option.ReceiverKey);

    public void Handle(in MpTcpRstOption option)
    {
        _json.WriteBoolean("flag_U", option.FlagU);
        _json.WriteBoolean("flag_V", option.FlagV);
        _json.WriteBoolean("flag_W", option.FlagW);
        _json.WriteBoolean("flag_T", option.Transient);
        _json.WriteNumber("rst_reason"u8, (byte)option.Reason);
    }

    public void Handle(in MpExperimentalOption option) => _json.WriteString("raw"u8, option.Data.ToString());

    private static void Join(Utf8JsonWriter json, bool backup, byte addressId, uint nonce)
    {
        json.WriteBoolean("backup"u8, backup);
        json.WriteNumber("addrid"u8, addressId);
        json.WriteNumber("sendrand"u8, nonce);
    }

    private static void Address(Utf8JsonWriter json, byte id, MptcpAddress address, bool hasPort, ushort port)
    {
        json.WriteNumber("addrid"u8, id);
        Span<char> text = stackalloc char[48];
        address.TryFormat(text, out int written);
        json.WriteString(address.IsIPv6 ? "ipv6"u8 : "ipv4"u8, text[..written]);
        Optional(json, "port"u8, hasPort, port);
    }

    private static void Optional(Utf8JsonWriter json, ReadOnlySpan<byte> name, bool present, ulong value)
    {
        if (present)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void Optional64(Utf8JsonWriter json, ReadOnlySpan<byte> name, bool present, ulong value)
    {
        if (present)
        {
            MptcpJson.WriteUInt64(json, name, value);
        }
    }
}
