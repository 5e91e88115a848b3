using System;
using System.IO;
using System.Text;
using System.Text.Json;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Extension;

/// <summary>
/// A union of the SDK's options and a user's own (<see cref="ExtendedOptions"/>), compiled by the package's generator
/// in this project: one TryRead decodes both, and the user's option gets a text and JSON form from its schema.
/// </summary>
public sealed class ExtendedUnionTests
{
    // 1e 08 | F=subtype 15, E=1, V=1 | hops 5 | cookie 0xdeadbeef: the probe's layout, by hand.
    private const string Probe = "1e08 f905 dead beef";

    [Fact]
    public void TheUsersOptionDecodes()
    {
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(Probe), out ExtendedOptions option, out MptcpError error), error.ToString());
        Assert.Equal(ExtendedOptionsKind.ProbeOption, option.Kind);
        Assert.False(option.IsBuiltIn);
        Assert.True(option.TryGet(out ProbeOption probe));
        Assert.Equal(new ProbeOption { Echo = true, Version = 1, Hops = 5, Cookie = 0xdeadbeef }, probe);
        Assert.Equal(15, option.Subtype);
        Assert.Equal("probe", option.TextName);
    }

    [Fact]
    public void TheSdksOptionsDecodeThroughTheSameUnion()
    {
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(SeedVectors.DssClientData), out ExtendedOptions option, out _));
        Assert.Equal(ExtendedOptionsKind.DssOption, option.Kind);
        Assert.Equal((ushort)MptcpOptionKind.DssOption, (ushort)option.Kind);
        Assert.True(option.IsBuiltIn);
        Assert.True(option.TryGet(out DssOption dss));
        Assert.Equal((4007607362UL, 2208729441UL, 1U, (ushort)5, (ushort)0x9e97), (dss.DataAck, dss.DataSequenceNumber, dss.SubflowSequenceNumber, dss.DataLevelLength, dss.Checksum));
        Assert.False(option.TryGet(out ProbeOption _));
        Assert.True(option.TryGetBuiltIn(out MptcpOption builtIn));
        Assert.True(builtIn.TryGet(out DssOption same));
        Assert.Equal(dss, same);
    }

    [Fact]
    public void Subtype15OfAnotherLengthIsStillTheBuiltInExperimentalOption()
    {
        // Only the probe's exact length is the probe; everything else on 0xF stays MP_EXPERIMENTAL, kept raw.
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes("1e05 f1aa bb"), out ExtendedOptions option, out _));
        Assert.Equal(ExtendedOptionsKind.MpExperimentalOption, option.Kind);
        Assert.True(option.TryGet(out MpExperimentalOption experimental));
        Assert.Equal("aabb", experimental.Data.ToString());
    }

    [Fact]
    public void ErrorsOfTheBuiltInOptionsComeThrough()
    {
        Assert.False(ExtendedOptions.TryRead(Hex.Bytes("1e09 2001 eedf 3c42 00"), out ExtendedOptions option, out MptcpError error));
        Assert.Equal(MptcpStatus.BadLength, error.Status);
        Assert.Equal(1, error.Offset);
        Assert.Equal(ExtendedOptionsKind.None, option.Kind);
    }

    [Theory]
    [InlineData(Probe)]
    [InlineData(SeedVectors.DssClientData)]
    [InlineData(SeedVectors.JoinSynId2)]
    public void BothKindsEncodeBackToTheirOctets(string hex)
    {
        byte[] octets = Hex.Bytes(hex);
        Assert.True(ExtendedOptions.TryRead(octets, out ExtendedOptions option, out _));
        Assert.Equal(MptcpStatus.Ok, option.Validate());
        Span<byte> buffer = stackalloc byte[40];
        Assert.True(option.TryWrite(buffer, out int written));
        Assert.Equal(octets, buffer[..written].ToArray());
        Assert.Equal(octets.Length, option.GetEncodedLength());
    }

    [Fact]
    public void ValuesConvertAndCompare()
    {
        ExtendedOptions probe = new ProbeOption { Version = 2, Cookie = 7 };
        ExtendedOptions dss = new DssOption { DataAckPresent = true, DataAck = 1 };
        ExtendedOptions viaBuiltIn = (MptcpOption)new DssOption { DataAckPresent = true, DataAck = 1 };
        Assert.Equal(dss, viaBuiltIn);
        Assert.NotEqual(dss, probe);
        Assert.Equal(ExtendedOptionsKind.DssOption, viaBuiltIn.Kind);
    }

    [Fact]
    public void TextOfTheUsersOptionIsDerivedFromItsSchemaAndTheSdksStaysTcpdumps()
    {
        Assert.Equal("mptcp 8 probe echo version 1 hops 5 cookie 3735928559", MptcpText.Format<ExtendedOptions>(Hex.Bytes(Probe)));
        Assert.Equal("mptcp 8 probe version 0 hops 0 cookie 1", MptcpText.Format<ExtendedOptions>(Hex.Bytes("1e08 f000 0000 0001")));
        Assert.Equal(
            "mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97",
            MptcpText.Format<ExtendedOptions>(Hex.Bytes(SeedVectors.DssClientData)));

        // Through the SDK's own union the probe is what tcpdump calls it.
        Assert.Equal("mptcp 8 unknown", MptcpText.Format(Hex.Bytes(Probe)));
    }

    [Fact]
    public void AnOptionBlockListsBoth()
    {
        byte[] block = Hex.Bytes("0101 " + Probe + SeedVectors.DssAck4007607362);
        Span<char> text = stackalloc char[512];
        Assert.True(TcpOptionsText.TryFormat<ExtendedOptions>(block, null, text, out int n, out bool malformed));
        Assert.False(malformed);
        Assert.Equal("nop,nop,mptcp 8 probe echo version 1 hops 5 cookie 3735928559,mptcp 8 dss ack 4007607362", text[..n].ToString());
    }

    [Fact]
    public void JsonOfTheUsersOptionIsDerivedFromItsSchema()
    {
        using JsonDocument probe = Json(Probe);
        Assert.Equal(
            """{"subtype":15,"length":8,"name":"probe","echo":true,"version":1,"hops":5,"cookie":3735928559}""",
            probe.RootElement.GetRawText());
        using JsonDocument dss = Json(SeedVectors.DssAck4007607362);
        Assert.Equal(2, dss.RootElement.GetProperty("subtype").GetInt32());
        Assert.False(dss.RootElement.TryGetProperty("name", out _));
    }

    private static JsonDocument Json(string hex)
    {
        var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            MptcpJson.Write<ExtendedOptions>(json, Hex.Bytes(hex));
        }

        return JsonDocument.Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
