using System;
using System.Globalization;
using System.Linq;
using Mptcp.Codec.Options;
using static Mptcp.Codec.Format.Text.MptcpTextParser;

namespace Mptcp.Codec.Format.Text;

// One parser per subtype, reading the words MptcpText writes.
internal static class OptionParsers
{
    public static MptcpOption Capable(Words words)
    {
        string version = words.Next();
        var capable = new MpCapableOption
        {
            Version = version switch { "v0" => 0, "v1" => 1, _ => throw new FormatException($"'{version}' is not v0 or v1") },
        };
        string flags = words.Expect("flags").Next().Trim('[', ']');
        bool Has(char letter) => flags != "none" && flags.Contains(letter, StringComparison.Ordinal);
        capable.ChecksumRequired = Has('A');
        capable.Extensibility = Has('B');
        capable.NoMoreSubflows = Has('C');
        capable.FlagD = Has('D');
        capable.FlagE = Has('E');
        capable.FlagF = Has('F');
        capable.FlagG = Has('G');
        capable.HmacSha = Has('H');
        words.Accept("csum");
        if (words.Peek()?.StartsWith('{') != true)
        {
            return capable;
        }

        string[] parts = words.Next().Trim('{', '}').Split(',');
        capable.HasSenderKey = true;
        capable.SenderKey = Words.ParseNumber(parts[0]);
        foreach (string part in parts.Skip(1))
        {
            if (part.StartsWith("data_len=", StringComparison.Ordinal))
            {
                capable.HasDataLevelLength = true;
                capable.DataLevelLength = (ushort)Words.Fit(part["data_len=".Length..], 16);
            }
            else if (part.StartsWith("csum=", StringComparison.Ordinal))
            {
                capable.HasChecksum = true;
                capable.Checksum = (ushort)Words.Fit(part["csum=".Length..], 16);
            }
            else
            {
                capable.HasReceiverKey = true;
                capable.ReceiverKey = Words.ParseNumber(part);
            }
        }

        return capable;
    }

    public static MptcpOption Join(Words words)
    {
        bool backup = words.Accept("backup");
        if (!words.Accept("id"))
        {
            string hmac = words.Expect("hmac").Next();
            byte[] bytes = Convert.FromHexString(hmac.StartsWith("0x", StringComparison.Ordinal) ? hmac[2..] : hmac);
            return bytes.Length == Octets20.Length
                ? new MpJoinAckOption { SenderHmac = Octets20.From(bytes) }
                : throw new FormatException("an MP_JOIN ACK HMAC has 20 octets");
        }

        byte id = (byte)words.Number(8);
        if (words.Accept("token"))
        {
            uint token = (uint)words.Number(32);
            return new MpJoinSynOption { Backup = backup, AddressId = id, ReceiverToken = token, SenderRandomNumber = (uint)words.Expect("nonce").Number(32) };
        }

        ulong truncated = words.Expect("hmac").Number();
        return new MpJoinSynAckOption { Backup = backup, AddressId = id, SenderTruncatedHmac = truncated, SenderRandomNumber = (uint)words.Expect("nonce").Number(32) };
    }

    public static MptcpOption Dss(Words words, int expectedLength)
    {
        var dss = new DssOption { DataFin = words.Accept("fin") };
        if (words.Accept("ack"))
        {
            dss.DataAckPresent = true;
            dss.DataAck = words.Number();
        }

        byte[]? payload = null;
        ulong? fullSequenceNumber = null;
        bool autoChecksum = false;
        if (words.Accept("seq"))
        {
            dss.MappingPresent = true;
            dss.DataSequenceNumber = words.Number();
            dss.SubflowSequenceNumber = (uint)words.Expect("subseq").Number(32);
            dss.DataLevelLength = (ushort)words.Expect("len").Number(16);
            if (words.Accept("csum"))
            {
                dss.HasChecksum = true;
                autoChecksum = words.Accept("auto");
                if (autoChecksum)
                {
                    payload = ParsePayload(words.Expect("payload").Next());
                    if (words.Accept("dsn"))
                    {
                        fullSequenceNumber = words.Number();
                    }
                }
                else
                {
                    dss.Checksum = (ushort)words.Number(16);
                }
            }
        }

        // Numbers above 32 bits need 8 octets; the length, when given, says which of the rest took 8.
        dss.DataAckIs8Octets = dss.DataAck > uint.MaxValue;
        dss.DataSequenceNumberIs8Octets = dss.DataSequenceNumber > uint.MaxValue;
        foreach ((bool ack, bool seq) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            if (expectedLength == 0 || dss.GetEncodedLength() == expectedLength)
            {
                break;
            }

            dss.DataAckIs8Octets = dss.DataAckPresent && (ack || dss.DataAck > uint.MaxValue);
            dss.DataSequenceNumberIs8Octets = dss.MappingPresent && (seq || dss.DataSequenceNumber > uint.MaxValue);
        }

        if (autoChecksum)
        {
            dss.Checksum = DssChecksumOf(dss, FullSequenceNumber(dss, fullSequenceNumber), payload!);
        }

        return dss;
    }

    // The checksum's pseudo-header always has the 64-bit DSN (RFC 8684 §3.3.1); a 4-octet one on the wire is only its
    // low half, so the text must give the whole number.
    private static ulong FullSequenceNumber(DssOption dss, ulong? given)
    {
        if (given is not ulong full)
        {
            return dss.DataSequenceNumberIs8Octets
                ? dss.DataSequenceNumber
                : throw new FormatException("csum auto with a 4-octet seq needs the full 64-bit data sequence number: add 'dsn N'");
        }

        ulong onTheWire = dss.DataSequenceNumberIs8Octets ? full : (uint)full;
        return onTheWire == dss.DataSequenceNumber
            ? full
            : throw new FormatException($"dsn {full} does not end in seq {dss.DataSequenceNumber}");
    }

    public static MptcpOption AddAddress(Words words, int expectedLength)
    {
        string form = words.Next();
        byte id = (byte)words.Expect("id").Number(8);
        string addressWord = words.Next();
        // Lengths 22 and 30 are IPv6 with a port: the last ":N" of the word is the port.
        (MptcpAddress address, ushort? port) = ParseAddress(addressWord, expectedLength is 22 or 30);
        if (form is "v0-ip4" or "v0-ip6")
        {
            return new AddAddressV0Option { IPVersion = (byte)(form == "v0-ip6" ? 6 : 4), AddressId = id, Address = address, HasPort = port.HasValue, Port = port ?? 0 };
        }

        var add = new AddAddressOption
        {
            Echo = form switch { "v1" => false, "v1-echo" => true, _ => throw new FormatException($"'{form}' is not v1, v1-echo, v0-ip4 or v0-ip6") },
            AddressId = id,
            Address = address,
            HasPort = port.HasValue,
            Port = port ?? 0,
        };
        if (words.Accept("hmac"))
        {
            add.HasHmac = true;
            add.Hmac = words.Accept("auto")
                ? add.ComputeHmac(words.Expect("keys").Number(), words.Number())
                : words.Number();
        }

        return add;
    }

    public static MptcpOption RemoveAddress(Words words)
    {
        words.Expect("id");
        byte[] ids = new byte[OctetList.Capacity];
        int count = 0;
        while (!words.AtEnd)
        {
            if (count == ids.Length)
            {
                throw new FormatException($"at most {OctetList.Capacity} address IDs");
            }

            ids[count++] = (byte)words.Number(8);
        }

        return new RemoveAddressOption { AddressIds = OctetList.Of(ids.AsSpan(0, count)) };
    }

    public static MptcpOption Prio(Words words)
    {
        string backup = words.Next();
        var prio = new MpPrioOption
        {
            Backup = backup switch { "backup" => true, "non-backup" => false, _ => throw new FormatException($"'{backup}' is not backup or non-backup") },
        };
        if (words.Accept("id"))
        {
            prio.HasAddressId = true;
            prio.AddressId = (byte)words.Number(8);
        }

        return prio;
    }

    public static MptcpOption TcpRst(Words words)
    {
        string flags = words.Expect("flags").Next().Trim('[', ']');
        bool Has(char letter) => flags != "none" && flags.Contains(letter, StringComparison.Ordinal);
        string reasonText = words.Expect("reason").Rest();
        TcpResetReason reason = reasonText switch
        {
            "Unspecified error" => TcpResetReason.UnspecifiedError,
            "MPTCP-specific error" => TcpResetReason.MptcpSpecificError,
            "Lack of resources" => TcpResetReason.LackOfResources,
            "Administratively prohibited" => TcpResetReason.AdministrativelyProhibited,
            "Too much outstanding data" => TcpResetReason.TooMuchOutstandingData,
            "Unacceptable performance" => TcpResetReason.UnacceptablePerformance,
            "Middlebox interference" => TcpResetReason.MiddleboxInterference,
            _ when reasonText.StartsWith("unknown (", StringComparison.Ordinal) && reasonText.EndsWith(')') => (TcpResetReason)Words.Fit(reasonText[9..^1], 8),
            _ when reasonText.Length > 0 && char.IsAsciiDigit(reasonText[0]) => (TcpResetReason)Words.Fit(reasonText, 8), // RFC 8684 §3.6's code, 6 or 0x06
            _ => throw new FormatException($"'{reasonText}' is not a reset reason (a name as the text format writes it, or its code 0-255)"),
        };
        return new MpTcpRstOption { FlagU = Has('U'), FlagV = Has('V'), FlagW = Has('W'), Transient = Has('T'), Reason = reason };
    }

    // Subtypes tcpdump calls "unknown": unknown raw 0x<octets from byte 2> (an extension) for MP_EXPERIMENTAL.
    public static MptcpOption Raw(Words words)
    {
        byte[] bytes = ParsePayload(words.Expect("raw").Next());
        if (bytes.Length == 0 || bytes.Length > OctetList.Capacity + 1 || bytes[0] >> 4 != MpExperimentalOption.Subtype)
        {
            throw new FormatException("only MP_EXPERIMENTAL (subtype 0xf, at most 39 octets) can be crafted raw");
        }

        return new MpExperimentalOption { LowBits = (byte)(bytes[0] & 0x0F), Data = OctetList.Of(bytes.AsSpan(1)) };
    }
}
