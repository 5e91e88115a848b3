using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Codec;

/// <summary>For every subtype: byte-exact round trips, a status for every invalid length and every truncation.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, string> Encodings()
    {
        var data = new TheoryData<string, string>();
        foreach ((string name, string hex, _) in ValidEncodings.All())
        {
            data.Add(name, hex);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void DecodesAndEncodesBackByteExact(string name, string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.True(MptcpOption.TryRead(bytes, out MptcpOption option, out MptcpError error), name + ": " + error.Describe());
        Assert.Equal(bytes.Length, option.GetEncodedLength());
        Span<byte> buffer = stackalloc byte[40];
        Assert.Equal(MptcpStatus.Ok, option.Write(buffer, out int written));
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(buffer[..written]));
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void EveryOtherLengthIsBadLength(string name, string hex)
    {
        (_, _, int[] valid) = ValidEncodings.All().Single(e => e.Name == name);
        byte[] padded = new byte[255];
        Hex.Bytes(hex).CopyTo(padded, 0);
        for (int length = 0; length <= 255; length++)
        {
            padded[1] = (byte)length;
            bool ok = MptcpOption.TryRead(padded, out _, out MptcpError error);
            if (valid.Contains(length))
            {
                Assert.True(ok, $"{name} length {length}: {error.Describe()}");
            }
            else
            {
                Assert.False(ok, $"{name} length {length} decoded");
                Assert.Equal(MptcpStatus.BadLength, error.Status);
                Assert.Equal(1, error.Offset);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void EveryTruncationIsReported(string name, string hex)
    {
        byte[] bytes = Hex.Bytes(hex);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            Assert.False(MptcpOption.TryRead(bytes.AsSpan(0, cut), out _, out MptcpError error), $"{name} cut at {cut}");
            Assert.Equal(MptcpStatus.Truncated, error.Status);
            Assert.Equal(cut, error.Offset);
        }
    }

    [Fact]
    public void WrongKindReservedAndUnknownVariantAreReported()
    {
        Assert.False(MptcpOption.TryRead(Hex.Bytes("1d04 8000"), out _, out MptcpError kind));
        Assert.Equal(new MptcpError(MptcpStatus.WrongKind, 0), kind);
        Assert.False(MptcpOption.TryRead(Hex.Bytes("1e04 9000"), out _, out MptcpError reserved));
        Assert.Equal(new MptcpError(MptcpStatus.ReservedSubtype, 2), reserved);
        Assert.False(AddAddressV0Option.TryRead(Hex.Bytes("1e08 3201 0a01 0202"), out _, out MptcpError variant));
        Assert.Equal(new MptcpError(MptcpStatus.UnknownVariant, 2), variant);
        Assert.False(MptcpOption.TryRead(Hex.Bytes("1e02"), out _, out MptcpError tooShort));
        Assert.Equal(MptcpStatus.BadLength, tooShort.Status);
        Assert.False(DssOption.TryRead(Hex.Bytes("1e04 8000"), out _, out MptcpError subtype));
        Assert.Equal(new MptcpError(MptcpStatus.WrongSubtype, 2), subtype);
    }

    [Fact]
    public void ReservedBitsAreIgnoredOnReadAndWrittenAsZero()
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e08 2fe1 eedf 3c42"), out MptcpOption option, out _));
        Span<byte> buffer = stackalloc byte[8];
        Assert.True(option.TryWrite(buffer, out _));
        Assert.Equal("1E082001EEDF3C42", Convert.ToHexString(buffer));
    }

    [Fact]
    public void ValidatorRejectsValuesThatCannotBeEncoded()
    {
        var dss = new DssOption { DataAckPresent = true, DataAck = 1UL << 32 };
        Assert.Equal(MptcpStatus.ValueOutOfRange, dss.Validate());
        dss.DataAckIs8Octets = true;
        Assert.Equal(MptcpStatus.Ok, dss.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new DssOption { HasChecksum = true }.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new MpCapableOption { HasReceiverKey = true }.Validate());
        Assert.Equal(MptcpStatus.ValueOutOfRange, new MpCapableOption { Version = 16 }.Validate());
        Assert.Equal(MptcpStatus.BadLength, new RemoveAddressOption().Validate());
        Assert.Equal(MptcpStatus.UnknownVariant, new AddAddressV0Option { IPVersion = 5 }.Validate());
        Assert.Equal(MptcpStatus.Ok, new AddAddressV0Option { IPVersion = 4 }.Validate());

        // Fields that contradict each other (RFC 6824 §3.1 and §3.4.1, RFC 8684 §3.4.1).
        Assert.Equal(MptcpStatus.InconsistentFields, new AddAddressV0Option { IPVersion = 6 }.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new AddAddressOption { Echo = false }.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new AddAddressOption { Echo = true, HasHmac = true }.Validate());
        Assert.Equal(MptcpStatus.Ok, new AddAddressOption { Echo = true }.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new MpCapableOption { Version = 0 }.Validate());
        Assert.Equal(MptcpStatus.Ok, new MpCapableOption { Version = 1 }.Validate());
        Assert.Equal(MptcpStatus.InconsistentFields, new MpCapableOption { Version = 0, HasSenderKey = true, HasReceiverKey = true, HasDataLevelLength = true }.Validate());
        Assert.Equal(MptcpStatus.TooLong, new MpExperimentalOption { Data = OctetList.Of(new byte[38]) }.Validate());
        Span<byte> small = stackalloc byte[7];
        Assert.Equal(MptcpStatus.DestinationTooSmall, new DssOption { DataAckPresent = true, DataAck = 1 }.Write(small, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void WritesIntoABufferWriter()
    {
        byte[] seed = Hex.Bytes(SeedVectors.DssClientData);
        Assert.True(DssOption.TryRead(seed, out DssOption dss, out _));
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        Assert.Equal(MptcpStatus.Ok, dss.Write(writer, out int written));
        Assert.Equal(20, written);
        Assert.Equal(Convert.ToHexString(seed), Convert.ToHexString(writer.WrittenSpan));
    }

    [Fact]
    public void EveryDssFlagCombinationRoundTrips()
    {
        List<(string Name, string Hex)> forms = ValidEncodings.DssForms().ToList();
        Assert.Equal(32 + 16, forms.Count);
        Span<byte> buffer = stackalloc byte[40];
        foreach ((string name, string hex) in forms)
        {
            byte[] bytes = Hex.Bytes(hex);
            Assert.True(DssOption.TryRead(bytes, out DssOption dss, out MptcpError error), name + error.Describe());
            Assert.True(dss.TryWrite(buffer, out int written), name);
            Assert.Equal(hex, Convert.ToHexString(buffer[..written]));
        }
    }
}
