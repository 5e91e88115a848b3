using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;
using Mptcp.Codec.Peer.Packetdrill.Syntax;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Peer.Packetdrill.Run.Packets;

// A ">" line against the packet the kernel sent, field by field in packetdrill's order and words (run_packet.c):
// IP lengths, data offset, each flag, seq and ack relative to the ISNs, the window when written, then the options in
// kind order, each as packetdrill compares it. The first field that differs is the answer; null when all hold.
internal static class OutboundPackets
{
    public static string? Compare(PacketAction p, in TcpSegment live, Flow flow, ScriptVariables keys, bool ipv6)
    {
        TcpFlags flags = InboundPackets.Flags(p.Flags);
        int optionsLength = p.AnyOptions ? live.HeaderLength - 20 : OptionsLength(p.Options ?? []);
        int tcpLength = 20 + optionsLength + p.Length;
        string? mismatch = ipv6
            ? Field("ipv6_payload_len", (uint)tcpLength, (uint)(live.HeaderLength + live.PayloadLength))
            : Field("ipv4_total_length", (uint)(20 + tcpLength), (uint)(live.IPHeader.Length + live.HeaderLength + live.PayloadLength));
        mismatch ??= Field("tcp_data_offset", (uint)(20 + optionsLength) / 4, (uint)live.HeaderLength / 4);
        foreach ((string name, TcpFlags flag) in FlagNames)
        {
            mismatch ??= Field(name, (flags & flag) != 0 ? 1u : 0u, ((TcpFlags)live.Flags & flag) != 0 ? 1u : 0u);
        }

        if (mismatch is not null)
        {
            return mismatch;
        }

        if ((flags & TcpFlags.Syn) != 0)
        {
            flow.KernelIsn = unchecked(live.SequenceNumber - p.Start); // a SYN's number is the kernel's to choose
        }

        mismatch = Field("tcp_seq", p.Start, unchecked(live.SequenceNumber - flow.KernelIsn));
        if ((flags & TcpFlags.Ack) != 0)
        {
            mismatch ??= Field("tcp_ack_seq", p.Ack ?? 0, unchecked(live.AcknowledgmentNumber - flow.RemoteIsn));
        }

        if (p.Window is int window)
        {
            mismatch ??= Field("tcp_window", (uint)window, live.Window);
        }

        mismatch ??= Field("tcp_urg_ptr", p.UrgentPointer ?? 0, BinaryPrimitives.ReadUInt16BigEndian(live.TcpHeader[18..]));
        return mismatch ?? (p.AnyOptions ? null : Options(p.Options ?? [], live, flow, keys));
    }

    private static readonly (string, TcpFlags)[] FlagNames =
    [
        ("tcp_fin", TcpFlags.Fin), ("tcp_syn", TcpFlags.Syn), ("tcp_rst", TcpFlags.Rst), ("tcp_psh", TcpFlags.Psh),
        ("tcp_ack", TcpFlags.Ack), ("tcp_urg", TcpFlags.Urg), ("tcp_ece", TcpFlags.Ece), ("tcp_cwr", TcpFlags.Cwr),
    ];

    private static string? Field(string name, uint expected, uint actual) => expected == actual ? null
        : $"live packet field {name}: expected: {expected} (0x{expected:x}) vs actual: {actual} (0x{actual:x})";

    private static string? Options(IReadOnlyList<TcpOptionSyntax> script, in TcpSegment live, Flow flow, ScriptVariables keys)
    {
        var liveOptions = new List<byte[]>();
        foreach (TcpOption o in new TcpOptionWalker(live.Options))
        {
            liveOptions.Add(o.Bytes.ToArray());
        }

        if (liveOptions.Count != script.Count)
        {
            return $"bad outbound TCP options: the script has {script.Count}, the kernel sent {liveOptions.Count}";
        }

        for (int i = 0; i < script.Count; i++)
        {
            byte[] o = liveOptions[i];
            string? mismatch = (script[i], o[0]) switch
            {
                (NopSyntax, 1) or (EolSyntax, 0) or (SackPermittedSyntax, 4) => null,
                (MssSyntax mss, 2) => Value(2, mss.Value, BinaryPrimitives.ReadUInt16BigEndian(o.AsSpan(2))),
                (WindowScaleSyntax ws, 3) => Value(3, ws.Shift, o[2]),
                (TimestampSyntax ts, 8) => Learn(flow, ts.Value, BinaryPrimitives.ReadUInt32BigEndian(o.AsSpan(2))),
                (SackSyntax sack, 5) => o.Length != 2 + 8 * sack.Blocks.Count ? $"bad lengths for outbound TCP option 5" : null,
                (MpCapableSyntax capable, MptcpConstants.Kind) => Capable(capable, o, keys),
                (DssSyntax dss, MptcpConstants.Kind) => Dss(dss, o, keys),
                (MpTcpRstSyntax reset, MptcpConstants.Kind) => Reset(reset, o),
                (MpFastCloseSyntax fastClose, MptcpConstants.Kind) => FastClose(fastClose, o, keys),
                (MpPrioSyntax prio, MptcpConstants.Kind) => Prio(prio, o),
                (AddAddressSyntax add, MptcpConstants.Kind) => AddAddress(add, o, keys),
                (MpJoinSyntax join, MptcpConstants.Kind) => Join(join, o, flow, keys),
                (RemoveAddressSyntax remove, MptcpConstants.Kind) => o.AsSpan(3).SequenceEqual(remove.AddressIds.ToArray()) ? null : $"MPTCP option mismatch: remove_address ids: expected: {string.Join(',', remove.AddressIds)} vs actual: {string.Join(',', o[3..])}",
                (TcpOptionSyntax s, byte kind) when KindOf(s) == kind => $"comparing {s.GetType().Name[..^6]} is not done by this runner yet",
                _ => $"bad outbound TCP options: option {i + 1} is kind {o[0]}, the script's is kind {KindOf(script[i])}",
            };
            if (mismatch is not null)
            {
                return mismatch;
            }
        }

        return null;
    }

    private static string? Value(int kind, uint expected, uint actual) => expected == actual ? null
        : $"bad value outbound TCP option {kind}: expected: {expected} vs actual: {actual}";

    // The kernel's TS val is not checked (packetdrill's default tick of 0), only kept for the ecr of what is sent.
    private static string? Learn(Flow flow, uint scriptValue, uint liveValue)
    {
        flow.LiveTimestamps[scriptValue] = liveValue;
        return null;
    }

    private static string? Capable(MpCapableSyntax script, byte[] octets, ScriptVariables keys)
    {
        if (!MpCapableOption.TryRead(octets, out MpCapableOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's MP_CAPABLE does not decode ({error.Describe()})";
        }

        MpCapableOption expected = InboundPackets.FlagsOf(script);
        if (live.Version != expected.Version)
        {
            return $"MPTCP option mismatch: mp_capable version: expected: {expected.Version} vs actual: {live.Version}";
        }

        byte liveFlags = octets[3];
        if (liveFlags != script.Flags)
        {
            return $"MPTCP option mismatch: mp_capable flags: expected: 0x{script.Flags:x2} vs actual: 0x{liveFlags:x2}";
        }

        keys.Version = live.Version == 0 ? MptcpVersion.V0 : MptcpVersion.V1;
        int liveKeys = (live.HasSenderKey ? 1 : 0) + (live.HasReceiverKey ? 1 : 0);
        if (liveKeys != script.Keys.Count || (script.DataLevelLength is > 0) != live.HasDataLevelLength)
        {
            return $"MPTCP option mismatch: mp_capable length: expected: {4 + 8 * script.Keys.Count + (script.DataLevelLength is > 0 ? 2 : 0)} vs actual: {octets.Length}";
        }

        ulong[] liveValues = [live.SenderKey, live.ReceiverKey];
        for (int k = 0; k < script.Keys.Count; k++)
        {
            if (keys.Expected(script.Keys[k], liveValues[k]) is ulong wanted && wanted != liveValues[k])
            {
                return $"MPTCP option mismatch: mp_capable key {script.Keys[k].Name}: expected: 0x{wanted:x16} vs actual: 0x{liveValues[k]:x16}";
            }
        }

        return script.DataLevelLength is ushort dll and > 0 && dll != live.DataLevelLength
            ? $"MPTCP option mismatch: mp_capable data-level length: expected: {dll} vs actual: {live.DataLevelLength}"
            : null;
    }

    // DSS flags always; a DATA_ACK given as N past the script's IDSN, a DSN as N past the kernel's; ssn and dll when written.
    private static string? Dss(DssSyntax script, byte[] octets, ScriptVariables keys)
    {
        if (!DssOption.TryRead(octets, out DssOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's DSS does not decode ({error.Describe()})";
        }

        string? flags = (script.DataAck.Present, script.DataAck.EightOctets, script.DataSequence.Present, script.DataSequence.EightOctets, script.DataFin)
            == (live.DataAckPresent, live.DataAckIs8Octets && live.DataAckPresent, live.MappingPresent, live.DataSequenceNumberIs8Octets && live.MappingPresent, live.DataFin)
            ? null
            : $"MPTCP option mismatch: dss flags: expected: {DssFlags(script.DataAck.Present, script.DataAck.EightOctets, script.DataSequence.Present, script.DataSequence.EightOctets, script.DataFin)} vs actual: {DssFlags(live.DataAckPresent, live.DataAckIs8Octets, live.MappingPresent, live.DataSequenceNumberIs8Octets, live.DataFin)}";
        if (flags is not null)
        {
            return flags;
        }

        if (script.DataAck.Value is ulong ack and > 0)
        {
            ulong wanted = keys.ScriptIdsn + ack;
            wanted = script.DataAck.EightOctets ? wanted : (uint)wanted;
            if (wanted != live.DataAck)
            {
                return $"MPTCP option mismatch: dss data ack: expected: {ack} vs actual: {unchecked(live.DataAck - (script.DataAck.EightOctets ? keys.ScriptIdsn : (uint)keys.ScriptIdsn))} (past the script's IDSN)";
            }
        }

        if (!live.MappingPresent)
        {
            return null;
        }

        if (script.DataSequence.Value is ulong dsn and > 0)
        {
            ulong wanted = keys.KernelIdsn + dsn;
            wanted = script.DataSequence.EightOctets ? wanted : (uint)wanted;
            if (wanted != live.DataSequenceNumber)
            {
                return $"MPTCP option mismatch: dss dsn: expected: {dsn} vs actual: {unchecked(live.DataSequenceNumber - (script.DataSequence.EightOctets ? keys.KernelIdsn : (uint)keys.KernelIdsn))} (past the kernel's IDSN)";
            }
        }

        return script.SubflowSequence is uint ssn && ssn != live.SubflowSequenceNumber ? $"MPTCP option mismatch: dss ssn: expected: {ssn} vs actual: {live.SubflowSequenceNumber}"
            : script.DataLevelLength is ushort dll && dll != live.DataLevelLength ? $"MPTCP option mismatch: dss dll: expected: {dll} vs actual: {live.DataLevelLength}"
            : null;
    }

    private static string? Reset(MpTcpRstSyntax script, byte[] octets)
    {
        if (!MpTcpRstOption.TryRead(octets, out MpTcpRstOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's MP_TCPRST does not decode ({error.Describe()})";
        }

        return (byte)live.Reason != script.Reason ? $"MPTCP option mismatch: mp_reset reason: expected: {script.Reason} vs actual: {(byte)live.Reason}"
            : live.Transient != script.Transient || live.FlagU || live.FlagV || live.FlagW ? $"MPTCP option mismatch: mp_reset flags: expected: 0x{(script.Transient ? 1 : 0):x} vs actual: 0x{octets[2] & 0x0F:x}"
            : null;
    }

    // A bare mp_fastclose is the kernel's to fill (not checked); a named or given key is.
    private static string? FastClose(MpFastCloseSyntax script, byte[] octets, ScriptVariables keys)
    {
        if (!MpFastCloseOption.TryRead(octets, out MpFastCloseOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's MP_FASTCLOSE does not decode ({error.Describe()})";
        }

        if (script.Key is null)
        {
            return null;
        }

        ulong wanted = unchecked(InboundPackets.FastCloseKey(script, keys) + (ulong)script.Offset);
        return wanted == live.ReceiverKey ? null : $"MPTCP option mismatch: mp_fastclose key: expected: 0x{wanted:x16} vs actual: 0x{live.ReceiverKey:x16}";
    }

    // ADD_ADDR: the echo flag, the id when written, the address (learned for a new name), the port when written, and
    // the HMAC the kernel's key gives (RFC 8684 §3.4.1) for what it announced.
    private static string? AddAddress(AddAddressSyntax script, byte[] octets, ScriptVariables keys)
    {
        if (!AddAddressOption.TryRead(octets, out AddAddressOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's ADD_ADDR does not decode ({error.Describe()})";
        }

        if (live.Echo != script.Echo)
        {
            return $"MPTCP option mismatch: add_address echo: expected: {(script.Echo ? 1 : 0)} vs actual: {(live.Echo ? 1 : 0)}";
        }

        if (script.AddressId is byte id && id != live.AddressId)
        {
            return $"MPTCP option mismatch: add_address address_id: expected: {id} vs actual: {live.AddressId}";
        }

        MptcpAddress? wanted = script.Address is string text ? MptcpAddress.From(System.Net.IPAddress.Parse(text))
            : keys.Addresses.TryGetValue(script.Variable, out MptcpAddress known) ? known : null;
        if (wanted is MptcpAddress w && w != live.Address)
        {
            return $"MPTCP option mismatch: add_address address: expected: {w} vs actual: {live.Address}";
        }

        keys.Addresses.TryAdd(script.Variable, live.Address);
        if (script.Port is ushort port && (!live.HasPort || live.Port != port))
        {
            return $"MPTCP option mismatch: add_address port: expected: {port} vs actual: {(live.HasPort ? live.Port : 0)}";
        }

        if (!script.Echo)
        {
            ulong hmac = script.Hmac ?? live.ComputeHmac(keys.Kernel, keys.Script);
            if (!live.HasHmac || live.Hmac != hmac)
            {
                return $"MPTCP option mismatch: add_address hmac: expected: 0x{hmac:x16} vs actual: 0x{live.Hmac:x16}";
            }
        }

        return null;
    }

    // MP_JOIN from the kernel: the SYN's token and backup bit (its nonce kept), the SYN/ACK's backup bit and HMAC
    // (its id and nonce are the kernel's to choose, as packetdrill leaves them), the third ACK's HMAC.
    private static string? Join(MpJoinSyntax script, byte[] octets, Flow flow, ScriptVariables keys)
    {
        switch (script.Form)
        {
            case JoinForm.Syn when MpJoinSynOption.TryRead(octets, out MpJoinSynOption syn, out _):
                flow.KernelNonce = syn.SenderRandomNumber;
                uint token = script.Secret.Form switch
                {
                    "value" => (uint)script.Secret.Value!.Value,
                    "sha1_32" or "sha256_32" => MptcpKeys.Token(keys.TryGet(script.Secret.Keys[0], out ulong k) ? k : throw new ScriptRunException($"the key {script.Secret.Keys[0]} is not known yet"), script.Secret.Form == "sha1_32" ? MptcpVersion.V0 : MptcpVersion.V1),
                    _ => MptcpKeys.Token(keys.Script, keys.Version),
                };
                return syn.ReceiverToken != token ? $"MPTCP option mismatch: mp_join_syn token: expected: 0x{token:x8} vs actual: 0x{syn.ReceiverToken:x8}"
                    : syn.Backup != (script.Backup ?? false) ? $"MPTCP option mismatch: mp_join_syn backup: expected: {((script.Backup ?? false) ? 1 : 0)} vs actual: {(syn.Backup ? 1 : 0)}"
                    : script.AddressId is byte id && id != syn.AddressId ? $"MPTCP option mismatch: mp_join_syn address_id: expected: {id} vs actual: {syn.AddressId}"
                    : null;
            case JoinForm.SynAck when MpJoinSynAckOption.TryRead(octets, out MpJoinSynAckOption synAck, out _):
                flow.KernelNonce = synAck.SenderRandomNumber;
                ulong truncated = script.Secret.Value ?? MptcpHmac.JoinSynAck(keys.Version, keys.Kernel, keys.Script, flow.KernelNonce, flow.ScriptNonce);
                return synAck.Backup != (script.Backup ?? false) ? $"MPTCP option mismatch: mp_join_syn_ack backup: expected: {((script.Backup ?? false) ? 1 : 0)} vs actual: {(synAck.Backup ? 1 : 0)}"
                    : synAck.SenderTruncatedHmac != truncated ? $"MPTCP option mismatch: mp_join_syn_ack sender_hmac: expected: 0x{truncated:x16} vs actual: 0x{synAck.SenderTruncatedHmac:x16}"
                    : null;
            case JoinForm.Ack when MpJoinAckOption.TryRead(octets, out MpJoinAckOption ack, out _):
                Octets20 hmac = MptcpHmac.JoinAck(keys.Version, keys.Kernel, keys.Script, flow.KernelNonce, flow.ScriptNonce);
                return ack.SenderHmac.Equals(hmac) ? null : $"MPTCP option mismatch: mp_join_ack sender_hmac: expected: {hmac} vs actual: {ack.SenderHmac}";
            default:
                return $"MPTCP option mismatch: the kernel's option is not the script's {script.Form switch { JoinForm.Syn => "mp_join_syn", JoinForm.SynAck => "mp_join_syn_ack", _ => "mp_join_ack" }} (length {octets.Length})";
        }
    }

    private static string? Prio(MpPrioSyntax script, byte[] octets)
    {
        if (!MpPrioOption.TryRead(octets, out MpPrioOption live, out MptcpError error))
        {
            return $"MPTCP option mismatch: the kernel's MP_PRIO does not decode ({error.Describe()})";
        }

        return live.Backup != script.Backup ? $"MPTCP option mismatch: mp_prio backup: expected: {(script.Backup ? 1 : 0)} vs actual: {(live.Backup ? 1 : 0)}"
            : script.AddressId is byte id && live.AddressId != id ? $"MPTCP option mismatch: mp_prio address_id: expected: {id} vs actual: {live.AddressId}"
            : null;
    }

    private static string DssFlags(bool ack, bool ack8, bool map, bool map8, bool fin) =>
        (fin ? "F" : "") + (map8 && map ? "m" : "") + (map ? "M" : "") + (ack8 && ack ? "a" : "") + (ack ? "A" : "");

    private static byte KindOf(TcpOptionSyntax option) => option switch
    {
        NopSyntax => 1,
        EolSyntax => 0,
        MssSyntax => 2,
        WindowScaleSyntax => 3,
        SackPermittedSyntax => 4,
        SackSyntax => 5,
        TimestampSyntax => 8,
        _ => MptcpConstants.Kind,
    };

    // The octets the script's options take on the wire, as the kernel's must (packetdrill checks the data offset).
    public static int OptionsLength(IReadOnlyList<TcpOptionSyntax> options)
    {
        int length = 0;
        foreach (TcpOptionSyntax option in options)
        {
            length += option switch
            {
                NopSyntax or EolSyntax => 1,
                MssSyntax => 4,
                WindowScaleSyntax => 3,
                SackPermittedSyntax => 2,
                SackSyntax s => 2 + 8 * s.Blocks.Count,
                TimestampSyntax => 10,
                MpCapableSyntax c => c.DataLevelLength is > 0 ? 22 : 4 + 8 * c.Keys.Count,
                DssSyntax d => DssLength(d),
                MpJoinSyntax j => j.Form switch { JoinForm.Syn => 12, JoinForm.SynAck => 16, _ => 24 },
                AddAddressSyntax a => (a.Address?.Contains(':') == true ? 20 : 8) + (a.Port is null ? 0 : 2) + (a.Echo ? 0 : 8),
                RemoveAddressSyntax r => 3 + r.AddressIds.Count,
                MpPrioSyntax m => m.AddressId is null ? 3 : 4,
                MpFailSyntax or MpFastCloseSyntax => 12,
                MpTcpRstSyntax => 4,
                _ => 0,
            };
        }

        return (length + 3) & ~3;
    }

    private static int DssLength(DssSyntax d)
    {
        int ack = d.DataAck.Present ? (d.DataAck.EightOctets ? 8 : 4) : 0;
        if (!d.DataSequence.Present)
        {
            return 4 + ack;
        }

        return 4 + ack + (d.DataSequence.EightOctets ? 8 : 4) + 6 + (d.NoChecksum || d.Checksum == 0 ? 0 : 2);
    }
}
