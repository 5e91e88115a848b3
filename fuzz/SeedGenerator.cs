using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Fuzz;

/// <summary>
/// Structure-aware inputs for the campaigns' initial corpora: mostly-valid MPTCP options built through their fields
/// (every subtype, plausible lengths, flag combinations), then a share of near misses (lengths off by one, truncations,
/// reserved bits set, other subtypes or variants, trailing octets). Deterministic for a given seed.
/// </summary>
internal static class SeedGenerator
{
    private static readonly string[] Kinds = ["options", "blocks", "text", "captures"];

    public static int Generate(string[] args)
    {
        if (args.Length < 2 || !Kinds.Contains(args[1]))
        {
            Console.Error.WriteLine($"usage: seeds OUTDIR KIND [COUNT [SEED]]; KIND: {string.Join(" | ", Kinds)}");
            return 2;
        }

        string outDir = args[0];
        string kind = args[1];
        int count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
        int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 6;
        Directory.CreateDirectory(outDir);
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int written = 0;
        for (int attempt = 0; written < count && attempt < count * 20; attempt++)
        {
            byte[] input = kind switch
            {
                "options" => NearlyValidOption(random),
                "blocks" => OptionBlock(random),
                "text" => System.Text.Encoding.UTF8.GetBytes(Text(random)),
                _ => Capture(random),
            };
            if (seen.Add(Convert.ToHexString(SHA256.HashData(input))))
            {
                File.WriteAllBytes(Path.Combine(outDir, $"gen-{kind}-{written:D4}"), input);
                written++;
            }
        }

        Console.WriteLine($"{written} {kind} inputs in {outDir}");
        return 0;
    }

    /// <summary>A random valid option, generated through its fields (canonical: absent fields are zero).</summary>
    public static MptcpOption ValidOption(Random r)
    {
        while (true)
        {
            MptcpOption option = r.Next(13) switch
            {
                0 => Capable(r),
                1 => new MpJoinSynOption { Backup = Bit(r), AddressId = Byte(r), ReceiverToken = UInt(r), SenderRandomNumber = UInt(r) },
                2 => new MpJoinSynAckOption { Backup = Bit(r), AddressId = Byte(r), SenderTruncatedHmac = ULong(r), SenderRandomNumber = UInt(r) },
                3 => new MpJoinAckOption { SenderHmac = Octets20.From(Bytes(r, Octets20.Length)) },
                4 => Dss(r),
                5 => AddAddress(r),
                6 => AddAddressV0(r),
                7 => new RemoveAddressOption { AddressIds = OctetList.Of(Bytes(r, 1 + (r.Next(4) == 0 ? r.Next(37) : r.Next(4)))) },
                8 => Prio(r),
                9 => new MpFailOption { DataSequenceNumber = ULong(r) },
                10 => new MpFastCloseOption { ReceiverKey = ULong(r) },
                11 => new MpTcpRstOption { FlagU = Bit(r), FlagV = Bit(r), FlagW = Bit(r), Transient = Bit(r), Reason = (TcpResetReason)(r.Next(3) == 0 ? Byte(r) : r.Next(7)) },
                _ => new MpExperimentalOption { LowBits = (byte)r.Next(16), Data = OctetList.Of(Bytes(r, r.Next(38))) },
            };
            if (option.Validate() == MptcpStatus.Ok)
            {
                return option;
            }
        }
    }

    public static byte[] Encode(in MptcpOption option)
    {
        byte[] bytes = new byte[MptcpConstants.MaxTcpOptionSpace];
        return option.Write(bytes, out int written) == MptcpStatus.Ok ? bytes[..written] : throw new InvalidOperationException($"{option} does not encode");
    }

    /// <summary>A valid encoding (about half the time) or a near miss of one.</summary>
    public static byte[] NearlyValidOption(Random r)
    {
        byte[] valid = Encode(ValidOption(r));
        int length = valid.Length;
        switch (r.Next(16))
        {
            case < 7:
                return valid;
            case 7: // reserved (or variant) bits of the header set
                valid[2] |= (byte)r.Next(16);
                if (length > 3 && Bit(r))
                {
                    valid[3] |= (byte)(1 << r.Next(8));
                }

                return valid;
            case 8: // length octet one too large, with one more octet
                valid[1]++;
                return [.. valid, Byte(r)];
            case 9: // length octet one too small
                valid[1]--;
                return Bit(r) ? valid[..^1] : valid;
            case 10: // truncated
                return valid[..r.Next(length)];
            case 11: // another subtype, reserved ones included, over this body
                valid[2] = (byte)((r.Next(16) << 4) | (valid[2] & 0x0F));
                return valid;
            case 12: // octets after the option
                return [.. valid, .. Bytes(r, 1 + r.Next(8))];
            case 13: // any length octet
                valid[1] = Byte(r);
                return valid;
            case 14: // the flags of a DSS or MP_CAPABLE changed under the same length
                if (length > 3)
                {
                    valid[3] ^= (byte)(1 << r.Next(8));
                }

                return valid;
            default: // not kind 30
                valid[0] = (byte)r.Next(30);
                return valid;
        }
    }

    /// <summary>A TCP option block: common TCP options around MPTCP ones, sometimes malformed or past 40 octets.</summary>
    public static byte[] OptionBlock(Random r)
    {
        var block = new List<byte>();
        int limit = r.Next(5) == 0 ? 60 : 40;
        int options = 1 + r.Next(5);
        for (int i = 0; i < options; i++)
        {
            byte[] next = r.Next(10) switch
            {
                0 => [1],
                1 => [2, 4, 0x05, 0xb4],
                2 => [4, 2],
                3 => [3, 3, (byte)r.Next(15)],
                4 => [8, 10, .. Bytes(r, 8)],
                5 => [5, 10, .. Bytes(r, 8)],
                _ => Bit(r) ? Encode(ValidOption(r)) : NearlyValidOption(r),
            };
            if (block.Count + next.Length > limit)
            {
                break;
            }

            block.AddRange(next);
        }

        switch (r.Next(8))
        {
            case 0: // EOL, then padding that would be options
                block.Add(0);
                block.AddRange(Bytes(r, r.Next(6)));
                break;
            case 1: // a length below 2
                block.AddRange(new byte[] { (byte)(2 + r.Next(40)), (byte)r.Next(2) });
                break;
            case 2: // an option running past the block
                block.AddRange(new byte[] { 30, (byte)(12 + r.Next(20)), 0x20, 0x01 });
                break;
            case 3: // a lone kind octet at the end
                block.Add((byte)(2 + r.Next(40)));
                break;
            default: // padded to a multiple of 4 with NOPs
                while (block.Count % 4 != 0)
                {
                    block.Add(1);
                }

                break;
        }

        return [.. block];
    }

    /// <summary>The text of a valid option (as tcpdump and mptcp-dump print it), with or without "mptcp N", sometimes bent.</summary>
    public static string Text(Random r)
    {
        string text = r.Next(12) switch
        {
            0 => $"dss ack {UInt(r)} seq {ULong(r)} subseq {UInt(r)} len {r.Next(1500)} csum auto payload \"{Word(r)}\"",
            1 => $"add-addr v1 id {Byte(r)} 10.{Byte(r)}.0.{Byte(r)}{(Bit(r) ? ":" + r.Next(65536) : string.Empty)} hmac auto keys {ULong(r)} 0x{ULong(r):x}",
            2 => $"unknown raw 0x{Convert.ToHexStringLower(Encode(new MpExperimentalOption { LowBits = (byte)r.Next(16), Data = OctetList.Of(Bytes(r, r.Next(20))) })[2..])}",
            _ => MptcpText.Format(Encode(ValidOption(r))),
        };
        if (text.StartsWith("mptcp ", StringComparison.Ordinal) && Bit(r))
        {
            text = text[(text.IndexOf(' ', 6) + 1)..];
        }

        if (r.Next(4) != 0)
        {
            return text;
        }

        List<string> words = [.. text.Split(' ')];
        int at = r.Next(words.Count);
        switch (r.Next(4))
        {
            case 0:
                words.RemoveAt(at);
                break;
            case 1:
                words.Insert(at, words[r.Next(words.Count)]);
                break;
            case 2:
                words[at] = Boundary(r);
                break;
            default:
                words[at] = words[at].Length > 1 ? words[at][..r.Next(1, words[at].Length)] : words[at];
                break;
        }

        return string.Join(' ', words);
    }

    /// <summary>A small capture of one MPTCP connection (pcap or pcapng, several link types), sometimes damaged.</summary>
    public static byte[] Capture(Random r)
    {
        int linkType = new[] { 1, 101, 228, 229, 113 }[r.Next(5)];
        bool ipv6 = linkType == 229 || (linkType is 1 or 101 or 113 && Bit(r));
        ulong clientKey = ULong(r), serverKey = ULong(r);
        uint clientSeq = UInt(r), serverSeq = UInt(r);
        bool v0 = r.Next(3) == 0;
        var version = v0 ? MptcpVersion.V0 : MptcpVersion.V1;
        var packets = new List<byte[]>();
        void Add(bool fromClient, byte flags, byte[] options, byte[] payload, ushort port = 0) =>
            packets.Add(Packet(linkType, ipv6, fromClient, port, fromClient ? clientSeq : serverSeq, fromClient ? serverSeq : clientSeq, flags, options, payload));

        Add(true, 0x02, Encode(new MpCapableOption { Version = (byte)(v0 ? 0 : 1), HmacSha = true, ChecksumRequired = Bit(r), HasSenderKey = v0, SenderKey = v0 ? clientKey : 0 }), []);
        Add(false, 0x12, Encode(new MpCapableOption { Version = (byte)(v0 ? 0 : 1), HmacSha = true, HasSenderKey = true, SenderKey = serverKey }), []);
        Add(true, 0x10, Encode(new MpCapableOption { Version = (byte)(v0 ? 0 : 1), HmacSha = true, HasSenderKey = true, SenderKey = clientKey, HasReceiverKey = true, ReceiverKey = serverKey }), []);
        ulong dataSeq = MptcpKeys.InitialDataSequenceNumber(clientKey, version) + 1;
        uint subflowSeq = 1;
        int exchanges = 1 + r.Next(6);
        for (int i = 0; i < exchanges; i++)
        {
            byte[] payload = Bytes(r, r.Next(24));
            var dss = new DssOption
            {
                DataAckPresent = true,
                DataAck = (uint)MptcpKeys.InitialDataSequenceNumber(serverKey, version) + 1,
                MappingPresent = payload.Length > 0,
                DataSequenceNumber = payload.Length > 0 ? (uint)dataSeq : 0,
                SubflowSequenceNumber = payload.Length > 0 ? subflowSeq : 0,
                DataLevelLength = (ushort)payload.Length,
                HasChecksum = payload.Length > 0 && Bit(r),
            };
            if (dss.HasChecksum)
            {
                dss.Checksum = Bit(r) ? DssChecksum.Compute((uint)dataSeq, subflowSeq, (ushort)payload.Length, payload) : (ushort)r.Next(65536);
            }

            Add(true, 0x18, [1, 1, .. Encode(dss)], payload);
            dataSeq += (ulong)payload.Length;
            subflowSeq += (uint)payload.Length;
            clientSeq += (uint)payload.Length;
            Add(false, 0x10, r.Next(4) == 0 ? Encode(ValidOption(r)) : OptionBlock(r), []);
        }

        if (Bit(r))
        {
            ushort port = (ushort)(40000 + r.Next(1000));
            uint nonce = UInt(r);
            Add(true, 0x02, Encode(new MpJoinSynOption { AddressId = 1, ReceiverToken = MptcpKeys.Token(serverKey, version), SenderRandomNumber = nonce }), [], port);
            uint serverNonce = UInt(r);
            Add(false, 0x12, Encode(new MpJoinSynAckOption { AddressId = 0, SenderTruncatedHmac = MptcpHmac.JoinSynAck(version, serverKey, clientKey, serverNonce, nonce), SenderRandomNumber = serverNonce }), [], port);
            Add(true, 0x10, Encode(new MpJoinAckOption { SenderHmac = MptcpHmac.JoinAck(version, clientKey, serverKey, nonce, serverNonce) }), [], port);
        }

        byte[] file = r.Next(3) == 0 ? PcapNg(r, linkType, packets) : Pcap(r, linkType, packets);
        return r.Next(5) switch
        {
            0 => file[..r.Next(file.Length)],
            1 => Flip(r, file),
            _ => file,
        };
    }

    private static byte[] Flip(Random r, byte[] file)
    {
        for (int i = 0, n = 1 + r.Next(4); i < n; i++)
        {
            file[r.Next(file.Length)] ^= (byte)(1 << r.Next(8));
        }

        return file;
    }

    private static byte[] Packet(int linkType, bool ipv6, bool fromClient, ushort port, uint seq, uint ack, byte flags, byte[] options, byte[] payload)
    {
        var tcpOptions = new List<byte>(options);
        while (tcpOptions.Count % 4 != 0)
        {
            tcpOptions.Add(1);
        }

        if (tcpOptions.Count > 40)
        {
            tcpOptions.RemoveRange(40, tcpOptions.Count - 40);
        }

        int tcpLength = 20 + tcpOptions.Count + payload.Length;
        byte[] tcp = new byte[tcpLength];
        ushort clientPort = port != 0 ? port : (ushort)37746, serverPort = 9999;
        BinaryPrimitives.WriteUInt16BigEndian(tcp, fromClient ? clientPort : serverPort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), fromClient ? serverPort : clientPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), (flags & 0x10) != 0 ? ack : 0);
        tcp[12] = (byte)((20 + tcpOptions.Count) / 4 << 4);
        tcp[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 64240);
        tcpOptions.CopyTo(tcp, 20);
        payload.CopyTo(tcp, 20 + tcpOptions.Count);

        byte[] ip;
        if (ipv6)
        {
            ip = new byte[40 + tcpLength];
            ip[0] = 0x60;
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)tcpLength);
            ip[6] = 6;
            ip[7] = 64;
            ip[23] = (byte)(fromClient ? 1 : 2);
            ip[39] = (byte)(fromClient ? 2 : 1);
            ip[8] = ip[24] = 0x20;
            ip[9] = ip[25] = 0x01;
            tcp.CopyTo(ip, 40);
        }
        else
        {
            ip = new byte[20 + tcpLength];
            ip[0] = 0x45;
            BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)(20 + tcpLength));
            ip[8] = 64;
            ip[9] = 6;
            byte[] client = [203, 250, 35, 157], server = [203, 250, 33, 51];
            (fromClient ? client : server).CopyTo(ip, 12);
            (fromClient ? server : client).CopyTo(ip, 16);
            tcp.CopyTo(ip, 20);
        }

        ushort etherType = ipv6 ? (ushort)0x86DD : (ushort)0x0800;
        switch (linkType)
        {
            case 1:
                byte[] ethernet = new byte[14 + ip.Length];
                BinaryPrimitives.WriteUInt16BigEndian(ethernet.AsSpan(12), etherType);
                ip.CopyTo(ethernet, 14);
                return ethernet;
            case 113:
                byte[] sll = new byte[16 + ip.Length];
                BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(2), 772);
                BinaryPrimitives.WriteUInt16BigEndian(sll.AsSpan(14), etherType);
                ip.CopyTo(sll, 16);
                return sll;
            default:
                return ip;
        }
    }

    private static byte[] Pcap(Random r, int linkType, List<byte[]> packets)
    {
        bool big = r.Next(4) == 0;
        bool nanoseconds = r.Next(4) == 0;
        var file = new List<byte>();
        void U32(uint value)
        {
            byte[] b = new byte[4];
            if (big)
            {
                BinaryPrimitives.WriteUInt32BigEndian(b, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(b, value);
            }

            file.AddRange(b);
        }

        U32(nanoseconds ? 0xA1B23C4D : 0xA1B2C3D4);
        U32(0x00040002); // version 2.4, as two 16-bit fields in the file's byte order
        U32(0);
        U32(0);
        U32(r.Next(6) == 0 ? 74u : 262144u);
        U32((uint)linkType);
        uint seconds = 1_546_300_800;
        foreach (byte[] packet in packets)
        {
            U32(seconds++);
            U32(0);
            U32((uint)packet.Length);
            U32((uint)packet.Length);
            file.AddRange(packet);
        }

        return [.. file];
    }

    private static byte[] PcapNg(Random r, int linkType, List<byte[]> packets)
    {
        var file = new List<byte>();
        void Block(uint type, byte[] body)
        {
            int padded = (body.Length + 3) & ~3;
            uint total = (uint)(12 + padded);
            byte[] b = new byte[total];
            BinaryPrimitives.WriteUInt32LittleEndian(b, type);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), total);
            body.CopyTo(b, 8);
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan((int)total - 4), total);
            file.AddRange(b);
        }

        byte[] section = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(section, 0x1A2B3C4D);
        BinaryPrimitives.WriteUInt16LittleEndian(section.AsSpan(4), 1);
        BinaryPrimitives.WriteInt64LittleEndian(section.AsSpan(8), -1);
        Block(0x0A0D0D0A, section);
        byte[] face = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(face, (ushort)linkType);
        BinaryPrimitives.WriteUInt32LittleEndian(face.AsSpan(4), 0);
        Block(1, face);
        ulong time = 1_546_300_800_000_000;
        foreach (byte[] packet in packets)
        {
            if (r.Next(8) == 0)
            {
                byte[] simple = new byte[4 + packet.Length];
                BinaryPrimitives.WriteUInt32LittleEndian(simple, (uint)packet.Length);
                packet.CopyTo(simple, 4);
                Block(3, simple);
                continue;
            }

            byte[] enhanced = new byte[20 + packet.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(enhanced.AsSpan(4), (uint)(time >> 32));
            BinaryPrimitives.WriteUInt32LittleEndian(enhanced.AsSpan(8), (uint)time);
            BinaryPrimitives.WriteUInt32LittleEndian(enhanced.AsSpan(12), (uint)packet.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(enhanced.AsSpan(16), (uint)packet.Length);
            packet.CopyTo(enhanced, 20);
            Block(6, enhanced);
            time += 1000;
        }

        return [.. file];
    }

    private static MpCapableOption Capable(Random r)
    {
        int depth = r.Next(5);
        return new MpCapableOption
        {
            Version = (byte)(r.Next(6) == 0 ? r.Next(16) : r.Next(2)),
            ChecksumRequired = Bit(r),
            Extensibility = r.Next(4) == 0,
            NoMoreSubflows = r.Next(4) == 0,
            FlagD = r.Next(4) == 0,
            FlagE = r.Next(4) == 0,
            FlagF = r.Next(4) == 0,
            FlagG = r.Next(4) == 0,
            HmacSha = r.Next(4) != 0,
            HasSenderKey = depth >= 1,
            SenderKey = depth >= 1 ? ULong(r) : 0,
            HasReceiverKey = depth >= 2,
            ReceiverKey = depth >= 2 ? ULong(r) : 0,
            HasDataLevelLength = depth >= 3,
            DataLevelLength = depth >= 3 ? (ushort)r.Next(65536) : (ushort)0,
            HasChecksum = depth >= 4,
            Checksum = depth >= 4 ? (ushort)r.Next(65536) : (ushort)0,
        };
    }

    private static DssOption Dss(Random r)
    {
        var dss = new DssOption
        {
            DataFin = r.Next(4) == 0,
            DataAckPresent = Bit(r),
            DataAckIs8Octets = r.Next(3) == 0,
            MappingPresent = Bit(r),
            DataSequenceNumberIs8Octets = r.Next(3) == 0,
        };
        if (dss.DataAckPresent)
        {
            dss.DataAck = dss.DataAckIs8Octets ? ULong(r) : UInt(r);
        }

        if (dss.MappingPresent)
        {
            dss.DataSequenceNumber = dss.DataSequenceNumberIs8Octets ? ULong(r) : UInt(r);
            dss.SubflowSequenceNumber = UInt(r);
            dss.DataLevelLength = (ushort)r.Next(65536);
            dss.HasChecksum = Bit(r);
            dss.Checksum = dss.HasChecksum ? (ushort)r.Next(65536) : (ushort)0;
        }

        return dss;
    }

    private static AddAddressOption AddAddress(Random r)
    {
        var add = new AddAddressOption { Echo = Bit(r), AddressId = Byte(r), Address = Address(r, Bit(r)), HasPort = Bit(r), HasHmac = Bit(r) };
        add.Port = add.HasPort ? (ushort)r.Next(65536) : (ushort)0;
        add.Hmac = add.HasHmac ? ULong(r) : 0;
        return add;
    }

    private static AddAddressV0Option AddAddressV0(Random r)
    {
        bool ipv6 = Bit(r);
        var add = new AddAddressV0Option { IPVersion = (byte)(ipv6 ? 6 : 4), AddressId = Byte(r), Address = Address(r, r.Next(8) == 0 ? !ipv6 : ipv6), HasPort = Bit(r) };
        add.Port = add.HasPort ? (ushort)r.Next(65536) : (ushort)0;
        return add;
    }

    private static MpPrioOption Prio(Random r)
    {
        bool hasId = Bit(r);
        return new MpPrioOption { Backup = Bit(r), HasAddressId = hasId, AddressId = hasId ? Byte(r) : (byte)0 };
    }

    private static MptcpAddress Address(Random r, bool ipv6) =>
        ipv6 ? MptcpAddress.FromIPv6(new UInt128(ULong(r), ULong(r))) : MptcpAddress.FromIPv4(UInt(r));

    private static string Boundary(Random r) => new[]
    {
        "0", "1", "255", "256", "65535", "65536", "4294967295", "4294967296", "18446744073709551615",
        "18446744073709551616", "0x", "0xffffffffffffffffff", "-1", "[", "{", "\"", "::", "[::1]:", "unknown (", "{0x1,}",
    }[r.Next(20)];

    private static string Word(Random r) => new[] { "hello", "mptcp", "", "x y" }[r.Next(4)];

    private static bool Bit(Random r) => r.Next(2) == 0;

    private static byte Byte(Random r) => (byte)r.Next(256);

    private static uint UInt(Random r) => (uint)r.NextInt64(0, 1L << 32);

    private static ulong ULong(Random r) => ((ulong)UInt(r) << 32) | UInt(r);

    private static byte[] Bytes(Random r, int count)
    {
        byte[] bytes = new byte[count];
        r.NextBytes(bytes);
        return bytes;
    }
}
