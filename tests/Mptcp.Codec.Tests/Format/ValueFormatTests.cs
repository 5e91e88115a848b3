using System;
using System.Buffers;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mptcp.Codec.Format.Json;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Extension;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Format;

/// <summary>
/// Options print from their values, without being encoded by the caller: the text is tcpdump's for the SDK's options
/// (the same vectors as <see cref="TextFormatTests"/>), through the SDK's union, a user's union and each writer; the
/// JSON is Wireshark's names; and the System.Text.Json converters put options inside a user's records and read them
/// back to the same octets.
/// </summary>
public sealed class ValueFormatTests
{
    private const string Probe = "1e08 f901 dead beef"; // the probe: echo, version 1, hops 1, cookie 0xdeadbeef

    [Theory]
    [InlineData(SeedVectors.DssClientData, "mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97")]
    [InlineData(SeedVectors.JoinSynId2, "mptcp 12 join id 2 token 0xa9a0dd64 nonce 0x7305469")]
    [InlineData("1e0c 7000 d005 b1ab 34ba d344", "mptcp 12 fast-close key 0xd005b1ab34bad344")]
    [InlineData("1e10 3001 c0a8 88e1 6699 2874 4366 716c", "mptcp 16 add-addr v1 id 1 192.168.136.225 hmac 0x669928744366716c")]
    [InlineData("1e16 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c 2000", "mptcp 22 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192}")]
    [InlineData("1e04 8101", "mptcp 4 tcprst flags [T] reason MPTCP-specific error")]
    public void A_value_prints_as_tcpdump_prints_its_octets(string hex, string expected)
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes(hex), out MptcpOption option, out _));
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(hex), out ExtendedOptions extended, out _));
        Assert.Equal(expected, MptcpText.Format<MptcpOption>(option));
        Assert.Equal(expected, MptcpText.Format(extended));

        var buffer = new ArrayBufferWriter<char>();
        Assert.Equal(expected.Length, MptcpText.Write(buffer, extended));
        Assert.Equal(expected, buffer.WrittenSpan.ToString());
        var text = new StringWriter();
        MptcpText.Write(text, option);
        MptcpText.Write(text, Hex.Bytes(hex), null);
        Assert.Equal(expected + expected, text.ToString());

        Span<char> small = stackalloc char[expected.Length - 1];
        Assert.False(MptcpText.TryFormat(extended, small, out int written));
        Assert.Equal(0, written);
    }

    [Fact]
    public void A_users_option_prints_from_its_value_as_from_its_octets()
    {
        var probe = new ProbeOption { Echo = true, Version = 1, Hops = 1, Cookie = 0xDEADBEEF };
        ExtendedOptions held = probe;
        Assert.Equal(MptcpText.Format<ExtendedOptions>(Hex.Bytes(Probe)), MptcpText.Format(held));
        Assert.Equal("mptcp 8 probe echo version 1 hops 1 cookie 3735928559", MptcpText.Format(held));
    }

    [Fact]
    public void Formatting_a_value_allocates_nothing()
    {
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(SeedVectors.DssClientData), out ExtendedOptions dss, out _));
        Assert.True(MptcpOption.TryRead(Hex.Bytes(SeedVectors.DssClientData), out MptcpOption builtIn, out _));
        Span<char> text = stackalloc char[MptcpText.MaxLength];
        MptcpText.TryFormat(dss, text, out _);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            MptcpText.TryFormat(dss, text, out _);
            MptcpText.TryFormat(builtIn, text, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void JSON_of_a_value_is_the_JSON_of_its_octets()
    {
        foreach (string hex in new[] { SeedVectors.DssClientData, SeedVectors.CapableAck, SeedVectors.JoinSynId2, Probe })
        {
            Assert.True(ExtendedOptions.TryRead(Hex.Bytes(hex), out ExtendedOptions option, out _));
            Assert.Equal(Json(w => MptcpJson.Write<ExtendedOptions>(w, Hex.Bytes(hex))), Json(w => MptcpJson.Write(w, option)));
        }

        // Wireshark's names for the seed's data segment (tcp.options.mptcp.rawdataseqno, .subflowseqno, .checksum).
        Assert.True(MptcpOption.TryRead(Hex.Bytes(SeedVectors.DssClientData), out MptcpOption dss, out _));
        using JsonDocument doc = JsonDocument.Parse(Json(w => MptcpJson.Write<MptcpOption>(w, dss)));
        Assert.Equal("2208729441", doc.RootElement.GetProperty("rawdataseqno").GetString());
        Assert.Equal(0x9e97, doc.RootElement.GetProperty("checksum").GetInt32());
    }

    private sealed record Observation(string Where, [property: JsonConverter(typeof(MptcpOptionSetJsonConverter<MptcpOption>))] MptcpOption Option,
        [property: JsonConverter(typeof(MptcpOptionJsonConverter<DssOption>))] DssOption Dss,
        [property: JsonConverter(typeof(MptcpOptionSetJsonConverter<ExtendedOptions>))] ExtendedOptions Extended);

    [Fact]
    public void Options_sit_inside_a_users_records_and_read_back_to_the_same_octets()
    {
        Assert.True(MptcpOption.TryRead(Hex.Bytes(SeedVectors.CapableAck), out MptcpOption capable, out _));
        Assert.True(DssOption.TryRead(Hex.Bytes(SeedVectors.DssClientData), out DssOption dss, out _));
        Assert.True(ExtendedOptions.TryRead(Hex.Bytes(Probe), out ExtendedOptions probe, out _));
        var record = new Observation("seed", capable, dss, probe);

        string json = JsonSerializer.Serialize(record);
        using (JsonDocument doc = JsonDocument.Parse(json))
        {
            JsonElement root = doc.RootElement;
            Assert.Equal("9762955910438603656", root.GetProperty("Option").GetProperty("sendkey").GetString()); // 0x877cfcac977e4b88
            Assert.Equal("1e140081877cfcac977e4b88813f679475cb7f9f", root.GetProperty("Option").GetProperty("octets").GetString());
            Assert.Equal(5, root.GetProperty("Dss").GetProperty("datalvllen").GetInt32());
            Assert.Equal("probe", root.GetProperty("Extended").GetProperty("name").GetString());
        }

        Observation back = JsonSerializer.Deserialize<Observation>(json)!;
        Assert.Equal(record, back);
        Observation empty = JsonSerializer.Deserialize<Observation>("""{"Where":"none","Option":{"octets":""},"Dss":{"octets":"1e08200183a68966"},"Extended":{"octets":""}}""")!;
        Assert.Equal((MptcpOptionKind.None, 2208729446UL), (empty.Option.Kind, empty.Dss.DataAck));
    }

    [Theory]
    [InlineData("""{"Where":"x","Option":{"subtype":2},"Dss":{"octets":"1e08200183a68966"},"Extended":{"octets":""}}""", "needs its \"octets\" member")]
    [InlineData("""{"Where":"x","Option":{"octets":"zz"},"Dss":{"octets":"1e08200183a68966"},"Extended":{"octets":""}}""", "is not hex")]
    [InlineData("""{"Where":"x","Option":{"octets":""},"Dss":{"octets":"1e0c7000d005b1ab34bad344"},"Extended":{"octets":""}}""", "are not a valid dss: WrongSubtype")]
    [InlineData("""{"Where":"x","Option":42,"Dss":{"octets":"1e08200183a68966"},"Extended":{"octets":""}}""", "is a JSON object")]
    public void JSON_that_is_not_an_option_says_what_is_wrong(string json, string expected)
    {
        JsonException e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Observation>(json));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_option_with_no_valid_encoding_is_refused_before_anything_is_written()
    {
        var record = new Observation("bad", new RemoveAddressOption(), default, default);
        JsonException e = Assert.Throws<JsonException>(() => JsonSerializer.Serialize(record));
        Assert.Contains("cannot encode rem-addr: BadLength (AddressIds)", e.Message, StringComparison.Ordinal);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            write(json);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
