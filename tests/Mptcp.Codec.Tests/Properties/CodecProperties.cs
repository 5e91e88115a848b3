using System;
using CsCheck;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>
/// Properties of the option codec over random values and random octets: encode then decode is the identity on valid
/// values; decoding never throws and always says why it failed; whatever decodes re-encodes to the same octets except
/// reserved bits, which are ignored when read and written as zero (docs/schema-model.md, "Normalisation").
/// </summary>
public sealed class CodecProperties
{
    private const long Iterations = 20_000;

    // Octets that look like an MPTCP option often enough to reach every subtype's reader: kind 30, a length near the
    // real ones, any header octet, then anything; and octets that look like nothing.
    private static readonly Gen<byte[]> Octets = Gen.Frequency(
        (3, Gen.Select(Gen.Byte[0, 44], Gen.Byte, Gen.Byte.Array[0, 44], (length, header, rest) => (byte[])[MptcpConstants.Kind, length, header, .. rest])),
        (1, Gen.Byte.Array[0, 48]));

    [Fact]
    public void EncodeThenDecodeIsTheIdentityOnValidValues()
    {
        OptionGenerators.Valid.Sample(option =>
        {
            Assert.Equal(MptcpStatus.Ok, option.Validate());
            byte[] bytes = OptionGenerators.Encode(option);
            Assert.Equal(option.GetEncodedLength(), bytes.Length);
            Assert.Equal(bytes.Length, bytes[1]);
            Assert.True(MptcpOption.TryRead(bytes, out MptcpOption decoded, out MptcpError error), error.Describe());
            Assert.Equal(option, decoded);
        }, iter: Iterations);
    }

    [Fact]
    public void DecodingRandomOctetsNeverThrowsAndEitherSucceedsOrGivesAStatus()
    {
        Octets.Sample(bytes =>
        {
            bool ok = MptcpOption.TryRead(bytes, out MptcpOption option, out MptcpError error);
            Assert.False(string.IsNullOrEmpty(error.Describe()));
            if (ok)
            {
                Assert.Equal(MptcpError.None, error);
                Assert.NotEqual(MptcpOptionKind.None, option.Kind);
                Assert.Equal(bytes[1], option.GetEncodedLength());
                Assert.Equal(MptcpStatus.Ok, option.Validate());
            }
            else
            {
                Assert.NotEqual(MptcpStatus.Ok, error.Status);
                Assert.Equal(MptcpOptionKind.None, option.Kind);
                Assert.InRange(error.Offset, 0, bytes.Length);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void WhateverDecodesReEncodesToTheSameOctetsExceptReservedBits()
    {
        // Valid encodings bent three ways: reserved bits set, one octet changed, or random octets.
        Gen<byte[]> inputs = Gen.Frequency(
            (2, Gen.Select(OptionGenerators.Valid, Gen.Byte.Array[MptcpConstants.MaxTcpOptionSpace], (option, noise) => WithReservedBits(option, noise))),
            (2, Gen.Select(OptionGenerators.Valid, Gen.Int[2, 39], Gen.Byte, (option, at, value) => Changed(OptionGenerators.Encode(option), at, value))),
            (1, Octets));
        inputs.Sample(input =>
        {
            if (!MptcpOption.TryRead(input, out MptcpOption first, out _))
            {
                return;
            }

            byte[] output = OptionGenerators.Encode(first);
            byte[] mask = CaptureModel.ReservedMask(first.Kind);
            Assert.Equal(input[1], output.Length);
            for (int i = 0; i < output.Length; i++)
            {
                Assert.Equal(input[i] & ~mask[i] & 0xFF, output[i]);
            }

            Assert.True(MptcpOption.TryRead(output, out MptcpOption second, out _));
            Assert.Equal(first, second);
        }, iter: Iterations);
    }

    [Fact]
    public void ReservedBitsAreIgnoredWhenReadAndWrittenAsZero()
    {
        Gen.Select(OptionGenerators.Valid, Gen.Byte.Array[MptcpConstants.MaxTcpOptionSpace]).Sample((option, noise) =>
        {
            byte[] canonical = OptionGenerators.Encode(option);
            byte[] noisy = WithReservedBits(option, noise);
            Assert.True(MptcpOption.TryRead(noisy, out MptcpOption decoded, out MptcpError error), error.Describe());
            Assert.Equal(option, decoded);
            Assert.Equal(Convert.ToHexString(canonical), Convert.ToHexString(OptionGenerators.Encode(decoded)));
        }, iter: Iterations);
    }

    [Fact]
    public void AddAddressV1ReservedBitsAreIgnoredThroughTheUnion()
    {
        // ADD_ADDR's octet 2 low nibble is the v1 'E' bit and three reserved bits in RFC 8684, but RFC 6824's IPVer.
        // 0x4/0x6 with a v0 length is v0; with any other length the fallback (v1) reads it, reserved bits ignored.
        Assert.Equal(0x0E, CaptureModel.IgnoredMask(MptcpOptionKind.AddAddressOption)[2]);
        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e08 3401 0a01 0202"), out MptcpOption v0, out _));
        Assert.Equal(MptcpOptionKind.AddAddressV0Option, v0.Kind);

        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e10 3401 c0a8 88e1 6699 2874 4366 716c"), out MptcpOption noisy, out _));
        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e10 3001 c0a8 88e1 6699 2874 4366 716c"), out MptcpOption clean, out _));
        Assert.Equal(MptcpOptionKind.AddAddressOption, noisy.Kind);
        Assert.Equal(clean, noisy);
        Assert.Equal("1E103001C0A888E1669928744366716C", Convert.ToHexString(OptionGenerators.Encode(noisy)));

        // Neither variant reads it: the error is v0's, whose IPVer matched.
        Assert.False(MptcpOption.TryRead(Hex.Bytes("1e0c 3401 0a01 0202 0000 0000"), out _, out MptcpError error));
        Assert.Equal(new MptcpError(MptcpStatus.BadLength, 1), error);
    }

    [Fact]
    public void NormalisationExampleDssWithItsReservedBitsSet()
    {
        // DSS reserves the low nibble of octet 2 and the top three bits of octet 3 (RFC 8684 figure 9).
        Assert.Equal([0, 0, 0x0F, 0xE0], CaptureModel.ReservedMask(MptcpOptionKind.DssOption)[..4]);
        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e08 2fe1 eedf 3c42"), out MptcpOption noisy, out _));
        Assert.True(MptcpOption.TryRead(Hex.Bytes("1e08 2001 eedf 3c42"), out MptcpOption clean, out _));
        Assert.Equal(clean, noisy);
        Assert.Equal("1E082001EEDF3C42", Convert.ToHexString(OptionGenerators.Encode(noisy)));
    }

    private static byte[] WithReservedBits(in MptcpOption option, byte[] noise)
    {
        byte[] bytes = OptionGenerators.Encode(option);
        byte[] mask = CaptureModel.IgnoredMask(option.Kind);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] |= (byte)(noise[i] & mask[i]);
        }

        return bytes;
    }

    private static byte[] Changed(byte[] bytes, int at, byte value)
    {
        bytes[at % bytes.Length] = value;
        return bytes;
    }
}
