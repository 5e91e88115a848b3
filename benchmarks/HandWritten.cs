using System;
using System.Buffers.Binary;

namespace Mptcp.Codec.Benchmarks;

/// <summary>
/// Straightforward hand-written decoders (BinaryPrimitives, no generator): the baseline the generated code must match.
/// They check what the generated readers check (kind, length, subtype, flag-dependent length).
/// </summary>
internal static class HandWritten
{
    public struct Dss
    {
        public bool DataFin, Dsn8, Mapping, Ack8, AckPresent, HasChecksum;
        public ulong DataAck, DataSequenceNumber;
        public uint SubflowSequenceNumber;
        public ushort DataLevelLength, Checksum;
    }

    public static bool TryReadDss(ReadOnlySpan<byte> s, out Dss dss)
    {
        dss = default;
        if (s.Length < 4 || s[0] != 30 || s[1] < 4 || s[1] > s.Length || s[2] >> 4 != 2)
        {
            return false;
        }

        byte flags = s[3];
        dss.DataFin = (flags & 0x10) != 0;
        dss.Dsn8 = (flags & 0x08) != 0;
        dss.Mapping = (flags & 0x04) != 0;
        dss.Ack8 = (flags & 0x02) != 0;
        dss.AckPresent = (flags & 0x01) != 0;
        int ackLength = dss.AckPresent ? (dss.Ack8 ? 8 : 4) : 0;
        int dsnLength = dss.Mapping ? (dss.Dsn8 ? 8 : 4) : 0;
        int expected = 4 + ackLength + (dss.Mapping ? dsnLength + 6 : 0);
        int length = s[1];
        if (length != expected && !(dss.Mapping && length == expected + 2))
        {
            return false;
        }

        int offset = 4;
        if (dss.AckPresent)
        {
            dss.DataAck = dss.Ack8 ? BinaryPrimitives.ReadUInt64BigEndian(s[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(s[offset..]);
            offset += ackLength;
        }

        if (dss.Mapping)
        {
            dss.DataSequenceNumber = dss.Dsn8 ? BinaryPrimitives.ReadUInt64BigEndian(s[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(s[offset..]);
            offset += dsnLength;
            dss.SubflowSequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(s[offset..]);
            dss.DataLevelLength = BinaryPrimitives.ReadUInt16BigEndian(s[(offset + 4)..]);
            offset += 6;
            if (length == expected + 2)
            {
                dss.HasChecksum = true;
                dss.Checksum = BinaryPrimitives.ReadUInt16BigEndian(s[offset..]);
            }
        }

        return true;
    }

    public struct Capable
    {
        public byte Version, Flags;
        public ulong SenderKey, ReceiverKey;
        public ushort DataLevelLength, Checksum;
        public int Length;
    }

    public static bool TryReadCapable(ReadOnlySpan<byte> s, out Capable capable)
    {
        capable = default;
        if (s.Length < 4 || s[0] != 30 || s[1] > s.Length || s[2] >> 4 != 0 || s[1] is not (4 or 12 or 20 or 22 or 24))
        {
            return false;
        }

        capable.Length = s[1];
        capable.Version = (byte)(s[2] & 0x0F);
        capable.Flags = s[3];
        if (capable.Length >= 12)
        {
            capable.SenderKey = BinaryPrimitives.ReadUInt64BigEndian(s[4..]);
        }

        if (capable.Length >= 20)
        {
            capable.ReceiverKey = BinaryPrimitives.ReadUInt64BigEndian(s[12..]);
        }

        if (capable.Length >= 22)
        {
            capable.DataLevelLength = BinaryPrimitives.ReadUInt16BigEndian(s[20..]);
        }

        if (capable.Length == 24)
        {
            capable.Checksum = BinaryPrimitives.ReadUInt16BigEndian(s[22..]);
        }

        return true;
    }

    public struct AddAddress
    {
        public bool Echo, IsIPv6, HasPort, HasHmac;
        public byte AddressId;
        public UInt128 Address;
        public ushort Port;
        public ulong Hmac;
    }

    public static bool TryReadAddAddress(ReadOnlySpan<byte> s, out AddAddress add)
    {
        add = default;
        if (s.Length < 4 || s[0] != 30 || s[1] > s.Length || s[2] >> 4 != 3 || (s[2] & 0x0E) != 0)
        {
            return false;
        }

        int length = s[1];
        (add.IsIPv6, add.HasPort, add.HasHmac) = length switch
        {
            8 => (false, false, false),
            10 => (false, true, false),
            16 => (false, false, true),
            18 => (false, true, true),
            20 => (true, false, false),
            22 => (true, true, false),
            28 => (true, false, true),
            30 => (true, true, true),
            _ => (false, false, false),
        };
        if (length is not (8 or 10 or 16 or 18 or 20 or 22 or 28 or 30))
        {
            return false;
        }

        add.Echo = (s[2] & 0x01) != 0;
        add.AddressId = s[3];
        add.Address = add.IsIPv6 ? BinaryPrimitives.ReadUInt128BigEndian(s[4..]) : BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
        int offset = add.IsIPv6 ? 20 : 8;
        if (add.HasPort)
        {
            add.Port = BinaryPrimitives.ReadUInt16BigEndian(s[offset..]);
            offset += 2;
        }

        if (add.HasHmac)
        {
            add.Hmac = BinaryPrimitives.ReadUInt64BigEndian(s[offset..]);
        }

        return true;
    }
}
