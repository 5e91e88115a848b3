using System;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Text;

// The fields of each subtype after its name, in tcpdump's order and number formats: a handler of the union's
// MptcpOption.Switch<THandler>, so every kind of option has its text.
internal ref struct OptionText : MptcpOption.IHandler
{
    private CharWriter _w;

    private OptionText(CharWriter writer) => _w = writer;

    public static void WriteFields(ref CharWriter w, in MptcpOption option)
    {
        var text = new OptionText(w);
        option.Switch(ref text);
        w = text._w;
    }

    public void Handle(in MpCapableOption option) => Capable(ref _w, option);

    public void Handle(in MpJoinSynOption option) =>
        Join(ref _w, option.Backup, option.AddressId, " token ", option.ReceiverToken, option.SenderRandomNumber);

    public void Handle(in MpJoinSynAckOption option) =>
        Join(ref _w, option.Backup, option.AddressId, " hmac ", option.SenderTruncatedHmac, option.SenderRandomNumber);

    public void Handle(in MpJoinAckOption option)
    {
        _w.Append(" hmac ");
        Octets20 hmac = option.SenderHmac;
        _w.AppendHexBytes(hmac.AsSpan());
    }

    public void Handle(in DssOption option) => Dss(ref _w, option);

    public void Handle(in AddAddressOption option)
    {
        _w.Append(option.Echo ? " v1-echo id " : " v1 id ");
        Address(ref _w, option.AddressId, option.Address, option.HasPort, option.Port);
        if (option.HasHmac)
        {
            _w.Append(" hmac ");
            _w.AppendHex(option.Hmac);
        }
    }

    public void Handle(in AddAddressV0Option option)
    {
        _w.Append(option.IPVersion == 6 ? " v0-ip6 id " : " v0-ip4 id ");
        Address(ref _w, option.AddressId, option.Address, option.HasPort, option.Port);
    }

    public void Handle(in RemoveAddressOption option)
    {
        _w.Append(" id");
        OctetList ids = option.AddressIds;
        foreach (byte id in ids.AsSpan())
        {
            _w.Append(" ");
            _w.Append(id);
        }
    }

    public void Handle(in MpPrioOption option)
    {
        _w.Append(option.Backup ? " backup" : " non-backup");
        if (option.HasAddressId)
        {
            _w.Append(" id ");
            _w.Append(option.AddressId);
        }
    }

    public void Handle(in MpFailOption option)
    {
        _w.Append(" seq ");
        _w.Append(option.DataSequenceNumber);
    }

    public void Handle(in MpFastCloseOption option)
    {
        _w.Append(" key ");
        _w.AppendHex(option.ReceiverKey);
    }

    public void Handle(in MpTcpRstOption option) => TcpRst(ref _w, option);

    // tcpdump prints nothing after "unknown" for subtype 0xF.
    public readonly void Handle(in MpExperimentalOption option)
    {
    }

    // MP_JOIN SYN and SYN/ACK: "[ backup] id N token|hmac 0x… nonce 0x…".
    private static void Join(ref CharWriter w, bool backup, byte addressId, string label, ulong value, uint nonce)
    {
        w.Append(backup ? " backup id " : " id ");
        w.Append(addressId);
        w.Append(label);
        w.AppendHex(value);
        w.Append(" nonce ");
        w.AppendHex(nonce);
    }

    private static void Capable(ref CharWriter w, MpCapableOption capable)
    {
        if (capable.Version > 1)
        {
            w.Append(" Unknown Version (");
            w.Append(capable.Version);
            w.Append(")");
            return;
        }

        w.Append(capable.Version == 0 ? " v0 flags [" : " v1 flags [");
        ReadOnlySpan<bool> bits = [capable.ChecksumRequired, capable.Extensibility, capable.NoMoreSubflows, capable.FlagD, capable.FlagE, capable.FlagF, capable.FlagG, capable.HmacSha];
        Letters(ref w, bits, "ABCDEFGH");
        w.Append(capable.ChecksumRequired ? "] csum" : "]");
        if (!capable.HasSenderKey)
        {
            return;
        }

        w.Append(" {");
        w.AppendHex(capable.SenderKey);
        if (capable.HasReceiverKey)
        {
            w.Append(",");
            w.AppendHex(capable.ReceiverKey);
        }

        if (capable.HasDataLevelLength)
        {
            w.Append(",data_len=");
            w.Append(capable.DataLevelLength);
        }

        if (capable.HasChecksum)
        {
            w.Append(",csum=");
            w.AppendHex(capable.Checksum);
        }

        w.Append("}");
    }

    private static void Dss(ref CharWriter w, DssOption dss)
    {
        if (dss.DataFin)
        {
            w.Append(" fin");
        }

        if (dss.DataAckPresent)
        {
            w.Append(" ack ");
            w.Append(dss.DataAck);
        }

        if (!dss.MappingPresent)
        {
            return;
        }

        w.Append(" seq ");
        w.Append(dss.DataSequenceNumber);
        w.Append(" subseq ");
        w.Append(dss.SubflowSequenceNumber);
        w.Append(" len ");
        w.Append(dss.DataLevelLength);
        if (dss.HasChecksum)
        {
            w.Append(" csum ");
            w.AppendHex(dss.Checksum);
        }
    }

    private static void Address(ref CharWriter w, byte id, MptcpAddress address, bool hasPort, ushort port)
    {
        w.Append(id);
        w.Append(" ");
        w.Append(address);
        if (hasPort)
        {
            w.Append(":");
            w.Append(port);
        }
    }

    private static void TcpRst(ref CharWriter w, MpTcpRstOption reset)
    {
        w.Append(" flags [");
        ReadOnlySpan<bool> bits = [reset.FlagU, reset.FlagV, reset.FlagW, reset.Transient];
        Letters(ref w, bits, "UVWT");
        w.Append("] reason ");
        string? reason = reset.Reason switch
        {
            TcpResetReason.UnspecifiedError => "Unspecified error",
            TcpResetReason.MptcpSpecificError => "MPTCP-specific error",
            TcpResetReason.LackOfResources => "Lack of resources",
            TcpResetReason.AdministrativelyProhibited => "Administratively prohibited",
            TcpResetReason.TooMuchOutstandingData => "Too much outstanding data",
            TcpResetReason.UnacceptablePerformance => "Unacceptable performance",
            TcpResetReason.MiddleboxInterference => "Middlebox interference",
            _ => null,
        };
        if (reason is not null)
        {
            w.Append(reason);
            return;
        }

        w.Append("unknown (");
        w.AppendHexBytes([(byte)reset.Reason]);
        w.Append(")");
    }

    private static void Letters(ref CharWriter w, scoped ReadOnlySpan<bool> bits, string letters)
    {
        bool any = false;
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i])
            {
                w.Append(letters.AsSpan(i, 1));
                any = true;
            }
        }

        if (!any)
        {
            w.Append("none");
        }
    }
}
