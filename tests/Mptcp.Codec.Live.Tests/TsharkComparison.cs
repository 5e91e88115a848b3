using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Options;
using Mptcp.Codec.Packets;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Compares, frame by frame and field by field, the SDK's decode of every MPTCP option with what tshark 4.x shows
/// for it. From each decoded option this builds the <c>tcp.options.mptcp.*</c> values that Wireshark's dissector
/// (packet-tcp.c <c>dissect_tcpopt_mptcp</c>) adds for it, joins them per field in option order exactly as
/// <c>-T fields -E occurrence=a -E aggregator=,</c> does, and requires the result to equal tshark's line. A frame
/// with several MPTCP options (DSS + MP_PRIO, DSS + REMOVE_ADDR, MP_FASTCLOSE + MP_TCPRST) is compared as a
/// whole, so values are never paired with the wrong option.
/// <para>
/// Where tshark and the SDK differ on purpose, the model follows tshark; every such difference is listed in
/// <see cref="KnownDifferences"/> with its reason (docs/peers.md §3.3), and nothing else may differ.
/// </para>
/// </summary>
internal static class TsharkComparison
{
    /// <summary>Every way tshark's fields differ from the SDK's decode, and why. The model below applies exactly these.</summary>
    public static readonly IReadOnlyList<string> KnownDifferences =
    [
        "Q1 DSS checksum: tshark adds tcp.options.mptcp.checksum only when the option has 4 octets after the data-level length "
            + "(an off-by-two in packet-tcp.c), so a well-formed DSS never shows its checksum; the SDK decodes it (DssOption.Checksum, "
            + "HasChecksum). The model drops it; the checksums are asserted from the SDK decode (and verified by the analysis).",
        "Q3 flags byte: tcp.options.mptcp.flags is octet 3 (the flags octet) for MP_CAPABLE and DSS, but octet 2 with the subtype "
            + "nibble included for MP_JOIN SYN / SYN-ACK (0x1?), MP_PRIO (0x5?) and MP_TCPRST (0x8?); MP_JOIN ACK, ADD_ADDR, REMOVE_ADDR, "
            + "MP_FAIL and MP_FASTCLOSE have none. The SDK exposes named bits only; the model rebuilds the octet from them.",
        "Reserved bits: the SDK does not expose reserved bits (receivers ignore them), tshark shows tcp.options.mptcp.reserved "
            + "(12 bits from octet 2) for MP_JOIN ACK, MP_FAIL and MP_FASTCLOSE and reserved.flag (MP_CAPABLE D-G, 0x1E, shifted) "
            + "and folds the reserved bits of MP_JOIN/MP_PRIO octet 2 into flags. Linux sends them as zero; the model expects 0x0000 / 0x00 "
            + "from the D-G bits the SDK does decode (FlagD..FlagG).",
        "Booleans: tshark prints the one-bit flags (checksumreq.flags, backup.flag, datafin.flag, flag_T.flag, echo, …) as 1/0; "
            + "the SDK has bool properties.",
        "Number formats: tshark prints 64-bit keys, nonces, tokens, truncated HMACs, DSNs and Data ACKs in decimal, "
            + "rst_reason as 0x%02x (not its text), checksum as 0x%04x, sendhmac as plain lowercase hex; the SDK holds numbers "
            + "(ulong/uint/ushort, TcpResetReason enum, Octets20).",
        "Q6 MP_FASTCLOSE key: tshark names it recvkey (the MP_CAPABLE receiver-key field), the SDK MpFastCloseOption.ReceiverKey; "
            + "MP_FAIL's DSN is tshark's rawdataseqno.",
        "REMOVE_ADDR: tshark repeats addrid once per removed id and adds the computed mptcp.rm_addr.count (length - 3); "
            + "the SDK has RemoveAddressOption.AddressIds.",
        "MP_CAPABLE H bit: tshark names it sha256.flag for version 1 and sha1.flag otherwise; nomoresubflows.flag (C) only in the "
            + "v1 table. The SDK has HmacSha and NoMoreSubflows for every version.",
        "tcp.flags: tshark prints the 12-bit flags field (0x%04x, with the AE/NS bit of octet 12); the capture library's "
            + "TcpSegment.Flags is octet 13 only. Linux sets no AE bit here, so the values must be equal.",
    ];

    /// <summary>The fields the model produces for one option, in Wireshark's order.</summary>
    public static List<(string Field, string Value)> Expected(SdkOption option)
    {
        var f = new List<(string, string)>();
        void Add(string field, object value) => f.Add((field, Convert.ToString(value, CultureInfo.InvariantCulture)!));
        static string Bit(bool b) => b ? "1" : "0";
        static string Hex2(int v) => $"0x{v:x2}";

        Add("subtype", option.Subtype);
        switch (option.Decoded)
        {
            case MpCapableOption c:
                int flags = (c.ChecksumRequired ? 0x80 : 0) | (c.Extensibility ? 0x40 : 0) | (c.NoMoreSubflows ? 0x20 : 0)
                    | (c.FlagD ? 0x10 : 0) | (c.FlagE ? 0x08 : 0) | (c.FlagF ? 0x04 : 0) | (c.FlagG ? 0x02 : 0) | (c.HmacSha ? 0x01 : 0);
                Add("version", c.Version);
                Add("flags", Hex2(flags));
                Add("checksumreq.flags", Bit(c.ChecksumRequired));
                Add("extensibility.flag", Bit(c.Extensibility));
                if (c.Version == 1)
                {
                    Add("nomoresubflows.flag", Bit(c.NoMoreSubflows));
                    Add("sha256.flag", Bit(c.HmacSha));
                    Add("reserved.flag", Hex2((flags & 0x1E) >> 1));
                }
                else
                {
                    Add("sha1.flag", Bit(c.HmacSha));
                    Add("reserved.flag", Hex2((flags & 0x3E) >> 1));
                }

                if (c.HasSenderKey)
                {
                    Add("sendkey", c.SenderKey);
                }

                if (c.HasReceiverKey)
                {
                    Add("recvkey", c.ReceiverKey);
                }

                if (c.HasDataLevelLength)
                {
                    Add("datalvllen", c.DataLevelLength);
                }

                if (c.HasChecksum)
                {
                    Add("checksum", $"0x{c.Checksum:x4}");
                }

                break;

            case MpJoinSynOption s:
                Add("flags", Hex2(0x10 | (s.Backup ? 1 : 0)));
                Add("backup.flag", Bit(s.Backup));
                Add("addrid", s.AddressId);
                Add("recvtok", s.ReceiverToken);
                Add("sendrand", s.SenderRandomNumber);
                break;

            case MpJoinSynAckOption sa:
                Add("flags", Hex2(0x10 | (sa.Backup ? 1 : 0)));
                Add("backup.flag", Bit(sa.Backup));
                Add("addrid", sa.AddressId);
                Add("sendtrunchmac", sa.SenderTruncatedHmac);
                Add("sendrand", sa.SenderRandomNumber);
                break;

            case MpJoinAckOption a:
                Add("reserved", "0x0000");
                Add("sendhmac", a.SenderHmac.ToString());
                break;

            case DssOption d:
                Add("flags", Hex2((d.DataFin ? 0x10 : 0) | (d.DataSequenceNumberIs8Octets ? 0x08 : 0) | (d.MappingPresent ? 0x04 : 0)
                    | (d.DataAckIs8Octets ? 0x02 : 0) | (d.DataAckPresent ? 0x01 : 0)));
                Add("datafin.flag", Bit(d.DataFin));
                Add("dseqn8.flag", Bit(d.DataSequenceNumberIs8Octets));
                Add("dseqnpresent.flag", Bit(d.MappingPresent));
                Add("dataack8.flag", Bit(d.DataAckIs8Octets));
                Add("dataackpresent.flag", Bit(d.DataAckPresent));
                int used = 4;
                if (d.DataAckPresent)
                {
                    Add("rawdataack", d.DataAck);
                    used += d.DataAckIs8Octets ? 8 : 4;
                }

                if (d.MappingPresent)
                {
                    Add("rawdataseqno", d.DataSequenceNumber);
                    Add("subflowseqno", d.SubflowSequenceNumber);
                    Add("datalvllen", d.DataLevelLength);
                    used += (d.DataSequenceNumberIs8Octets ? 8 : 4) + 4 + 2;

                    // Q1: shown only with 4 octets left after the data-level length, never for a 2-octet checksum.
                    if (d.HasChecksum && option.Length >= used + 4)
                    {
                        Add("checksum", $"0x{d.Checksum:x4}");
                    }
                }

                break;

            case AddAddressOption aa:
                Add("echo", Bit(aa.Echo));
                Add("addrid", aa.AddressId);
                Add(aa.Address.IsIPv6 ? "ipv6" : "ipv4", aa.Address.ToString());
                if (aa.HasPort)
                {
                    Add("port", aa.Port);
                }

                if (aa.HasHmac)
                {
                    Add("addaddrtrunchmac", aa.Hmac);
                }

                break;

            case AddAddressV0Option a0:
                Add("ipver", a0.IPVersion);
                Add("addrid", a0.AddressId);
                Add(a0.Address.IsIPv6 ? "ipv6" : "ipv4", a0.Address.ToString());
                if (a0.HasPort)
                {
                    Add("port", a0.Port);
                }

                break;

            case RemoveAddressOption r:
                foreach (byte id in r.AddressIds.AsSpan())
                {
                    Add("addrid", id);
                }

                Add(Tshark.RemoveAddressCount, r.AddressIds.Count);
                break;

            case MpPrioOption p:
                Add("flags", Hex2(0x50 | (p.Backup ? 1 : 0)));
                Add("backup.flag", Bit(p.Backup));
                if (p.HasAddressId)
                {
                    Add("addrid", p.AddressId);
                }

                break;

            case MpFailOption fail:
                Add("reserved", "0x0000");
                Add("rawdataseqno", fail.DataSequenceNumber);
                break;

            case MpFastCloseOption fc:
                Add("reserved", "0x0000");
                Add("recvkey", fc.ReceiverKey);
                break;

            case MpTcpRstOption rst:
                Add("flags", Hex2(0x80 | (rst.FlagU ? 8 : 0) | (rst.FlagV ? 4 : 0) | (rst.FlagW ? 2 : 0) | (rst.Transient ? 1 : 0)));
                Add("flag_U.flag", Bit(rst.FlagU));
                Add("flag_V.flag", Bit(rst.FlagV));
                Add("flag_W.flag", Bit(rst.FlagW));
                Add("flag_T.flag", Bit(rst.Transient));
                Add("rst_reason", Hex2((byte)rst.Reason));
                break;

            case MpExperimentalOption:
                break; // Q7: subtype only
        }

        return f;
    }

    /// <summary>
    /// Every frame of both decodes, every frame-level field and every MPTCP field: the differences (empty when the SDK
    /// and tshark agree everywhere). Also returns how many option fields were compared.
    /// </summary>
    public static (List<string> Differences, int FieldsCompared, int OptionsCompared) Compare(
        IReadOnlyList<SdkFrame> sdk, IReadOnlyList<TsharkFrame> tshark)
    {
        var differences = new List<string>();
        int fields = 0;
        int options = 0;
        if (sdk.Count != tshark.Count)
        {
            differences.Add($"the capture library read {sdk.Count} frames, tshark {tshark.Count}");
        }

        var byNumber = tshark.ToDictionary(t => t.Number);
        foreach (SdkFrame frame in sdk)
        {
            if (!byNumber.TryGetValue(frame.Number, out TsharkFrame? t))
            {
                differences.Add($"frame {frame.Number}: not in tshark's output");
                continue;
            }

            if (frame.IsTcp != t.IsTcp)
            {
                differences.Add($"frame {frame.Number}: TCP for the SDK {frame.IsTcp}, for tshark {t.IsTcp}");
                continue;
            }

            if (!frame.IsTcp)
            {
                continue;
            }

            Check(frame.Number, frame.IsIPv6 ? "ipv6.src" : "ip.src", frame.Source, t);
            Check(frame.Number, frame.IsIPv6 ? "ipv6.dst" : "ip.dst", frame.Destination, t);
            Check(frame.Number, "tcp.srcport", frame.SourcePort.ToString(CultureInfo.InvariantCulture), t);
            Check(frame.Number, "tcp.dstport", frame.DestinationPort.ToString(CultureInfo.InvariantCulture), t);
            Check(frame.Number, "tcp.flags", $"0x{frame.TcpFlags:x4}", t);
            Check(frame.Number, "tcp.len", frame.PayloadLength.ToString(CultureInfo.InvariantCulture), t);

            var expected = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (SdkOption option in frame.Options)
            {
                options++;
                foreach ((string field, string value) in Expected(option))
                {
                    string name = field.StartsWith("mptcp.", StringComparison.Ordinal) ? field : Tshark.Mptcp + field;
                    if (!expected.TryGetValue(name, out List<string>? values))
                    {
                        expected[name] = values = [];
                    }

                    values.Add(value);
                }
            }

            foreach (string name in Tshark.OptionFields.Select(f => Tshark.Mptcp + f).Append(Tshark.RemoveAddressCount))
            {
                string want = expected.TryGetValue(name, out List<string>? values) ? string.Join(',', values) : string.Empty;
                if (want.Length > 0)
                {
                    fields += values!.Count;
                }

                Check(frame.Number, name, want, t);
            }
        }

        return (differences, fields, options);

        void Check(long number, string field, string want, TsharkFrame t)
        {
            string got = t[field];
            if (!string.Equals(want, got, StringComparison.Ordinal))
            {
                differences.Add($"frame {number}: {field}: SDK {(want.Length == 0 ? "(absent)" : want)}, tshark {(got.Length == 0 ? "(absent)" : got)}");
            }
        }
    }
}
