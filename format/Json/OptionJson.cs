using System;
using System.Text.Json;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Json;

/// <summary>
/// The Wireshark-named members of each subtype: a handler of the union's
/// <see cref="MptcpOption.Switch{THandler}(ref THandler)"/>, so every kind of option has its JSON.
/// </summary>
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
        _json.WriteNumber("version", option.Version);
        _json.WriteBoolean("checksumreq", option.ChecksumRequired);
        _json.WriteBoolean("extensibility", option.Extensibility);
        _json.WriteBoolean("nomoresubflows", option.NoMoreSubflows);
        _json.WriteBoolean(option.Version == 1 ? "sha256" : "sha1", option.HmacSha);
        Optional64(_json, "sendkey", option.HasSenderKey, option.SenderKey);
        Optional64(_json, "recvkey", option.HasReceiverKey, option.ReceiverKey);
        Optional(_json, "datalvllen", option.HasDataLevelLength, option.DataLevelLength);
        Optional(_json, "checksum", option.HasChecksum, option.Checksum);
    }

    public void Handle(in MpJoinSynOption option)
    {
        Join(_json, option.Backup, option.AddressId, option.SenderRandomNumber);
        _json.WriteNumber("recvtok", option.ReceiverToken);
    }

    public void Handle(in MpJoinSynAckOption option)
    {
        Join(_json, option.Backup, option.AddressId, option.SenderRandomNumber);
        MptcpJson.WriteUInt64(_json, "sendtrunchmac", option.SenderTruncatedHmac);
    }

    public void Handle(in MpJoinAckOption option) => _json.WriteString("sendhmac", option.SenderHmac.ToString());

    public void Handle(in DssOption option)
    {
        _json.WriteBoolean("datafin", option.DataFin);
        _json.WriteBoolean("dseqn8", option.DataSequenceNumberIs8Octets);
        _json.WriteBoolean("dseqnpresent", option.MappingPresent);
        _json.WriteBoolean("dataack8", option.DataAckIs8Octets);
        _json.WriteBoolean("dataackpresent", option.DataAckPresent);
        Optional64(_json, "rawdataack", option.DataAckPresent, option.DataAck);
        Optional64(_json, "rawdataseqno", option.MappingPresent, option.DataSequenceNumber);
        Optional(_json, "subflowseqno", option.MappingPresent, option.SubflowSequenceNumber);
        Optional(_json, "datalvllen", option.MappingPresent, option.DataLevelLength);
        Optional(_json, "checksum", option.HasChecksum, option.Checksum);
    }

    public void Handle(in AddAddressOption option)
    {
        _json.WriteBoolean("echo", option.Echo);
        Address(_json, option.AddressId, option.Address, option.HasPort, option.Port);
        Optional64(_json, "addaddrtrunchmac", option.HasHmac, option.Hmac);
    }

    public void Handle(in AddAddressV0Option option)
    {
        _json.WriteNumber("ipver", option.IPVersion);
        Address(_json, option.AddressId, option.Address, option.HasPort, option.Port);
    }

    public void Handle(in RemoveAddressOption option)
    {
        _json.WriteStartArray("addrid");
        OctetList ids = option.AddressIds;
        foreach (byte id in ids.AsSpan())
        {
            _json.WriteNumberValue(id);
        }

        _json.WriteEndArray();
    }

    public void Handle(in MpPrioOption option)
    {
        _json.WriteBoolean("backup", option.Backup);
        Optional(_json, "addrid", option.HasAddressId, option.AddressId);
    }

    public void Handle(in MpFailOption option) => MptcpJson.WriteUInt64(_json, "rawdataseqno", option.DataSequenceNumber);

    public void Handle(in MpFastCloseOption option) => MptcpJson.WriteUInt64(_json, "recvkey", option.ReceiverKey);

    public void Handle(in MpTcpRstOption option)
    {
        _json.WriteBoolean("flag_U", option.FlagU);
        _json.WriteBoolean("flag_V", option.FlagV);
        _json.WriteBoolean("flag_W", option.FlagW);
        _json.WriteBoolean("flag_T", option.Transient);
        _json.WriteNumber("rst_reason", (byte)option.Reason);
    }

    public void Handle(in MpExperimentalOption option) => _json.WriteString("raw", option.Data.ToString());

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
