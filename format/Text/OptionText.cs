using System;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Format.Text;

/// <summary>The fields of each subtype after its name, in tcpdump's order and number formats.</summary>
internal static class OptionText
{
    public static void WriteFields(ref CharWriter w, in MptcpOption option)
    {
        if (option.TryGet(out MpCapableOption capable))
        {
            Capable(ref w, capable);
        }
        else if (option.TryGet(out MpJoinSynOption joinSyn))
        {
            Join(ref w, joinSyn.Backup, joinSyn.AddressId, " token ", joinSyn.ReceiverToken, joinSyn.SenderRandomNumber);
        }
        else if (option.TryGet(out MpJoinSynAckOption joinSynAck))
        {
            Join(ref w, joinSynAck.Backup, joinSynAck.AddressId, " hmac ", joinSynAck.SenderTruncatedHmac, joinSynAck.SenderRandomNumber);
        }
        else if (option.TryGet(out MpJoinAckOption joinAck))
        {
            w.Append(" hmac ");
            Octets20 hmac = joinAck.SenderHmac;
            w.AppendHexBytes(hmac.AsSpan());
        }
        else if (option.TryGet(out DssOption dss))
        {
            Dss(ref w, dss);
        }
        else if (option.TryGet(out AddAddressOption add))
        {
            w.Append(add.Echo ? " v1-echo id " : " v1 id ");
            Address(ref w, add.AddressId, add.Address, add.HasPort, add.Port);
            if (add.HasHmac)
            {
                w.Append(" hmac ");
                w.AppendHex(add.Hmac);
            }
        }
        else if (option.TryGet(out AddAddressV0Option addV0))
        {
            w.Append(addV0.IPVersion == 6 ? " v0-ip6 id " : " v0-ip4 id ");
            Address(ref w, addV0.AddressId, addV0.Address, addV0.HasPort, addV0.Port);
        }
        else if (option.TryGet(out RemoveAddressOption remove))
        {
            w.Append(" id");
            foreach (byte id in remove.AddressIds.AsSpan())
            {
                w.Append(" ");
                w.Append(id);
            }
        }
        else if (option.TryGet(out MpPrioOption prio))
        {
            w.Append(prio.Backup ? " backup" : " non-backup");
            if (prio.HasAddressId)
            {
                w.Append(" id ");
                w.Append(prio.AddressId);
            }
        }
        else if (option.TryGet(out MpFailOption fail))
        {
            w.Append(" seq ");
            w.Append(fail.DataSequenceNumber);
        }
        else if (option.TryGet(out MpFastCloseOption fastClose))
        {
            w.Append(" key ");
            w.AppendHex(fastClose.ReceiverKey);
        }
        else if (option.TryGet(out MpTcpRstOption reset))
        {
            TcpRst(ref w, reset);
        }
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
