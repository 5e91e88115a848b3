using System;
using System.Linq;
using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Format;

/// <summary>The text format against tcpdump's own words, and craft as its inverse.</summary>
public sealed class TextFormatTests
{
    [Theory]
    // The seed's options; the words after "mptcp N" are the seed's own tcpdump text where its tcpdump agrees with current tcpdump.
    [InlineData(SeedVectors.DssClientData, "mptcp 20 dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum 0x9e97")]
    [InlineData(SeedVectors.DssServerDataFin, "mptcp 20 dss fin ack 2208729446 seq 4007607367 subseq 0 len 1 csum 0xdc4a")]
    [InlineData(SeedVectors.DssAck2208729446, "mptcp 8 dss ack 2208729446")]
    [InlineData(SeedVectors.JoinSynId2, "mptcp 12 join id 2 token 0xa9a0dd64 nonce 0x7305469")]
    // Options of tcpdump's test captures, with the text of its .out files.
    [InlineData("1e04 8000", "mptcp 4 tcprst flags [none] reason Unspecified error")]
    [InlineData("1e04 8101", "mptcp 4 tcprst flags [T] reason MPTCP-specific error")]
    [InlineData("1e0c 7000 d005 b1ab 34ba d344", "mptcp 12 fast-close key 0xd005b1ab34bad344")]
    [InlineData("1e04 4000", "mptcp 4 rem-addr id 0")]
    [InlineData("1e08 3401 0a01 0202", "mptcp 8 add-addr v0-ip4 id 1 10.1.2.2")]
    [InlineData("1e10 3001 c0a8 88e1 6699 2874 4366 716c", "mptcp 16 add-addr v1 id 1 192.168.136.225 hmac 0x669928744366716c")]
    [InlineData("1e10 1001 5ab6 80c7 884a f03d 33ab e9d5", "mptcp 16 join id 1 hmac 0x5ab680c7884af03d nonce 0x33abe9d5")]
    [InlineData("1e18 1000 cb7b 87f5 e5f0 502f 43b5 35fb 70ef 6607 df2e 6c7a", "mptcp 24 join hmac 0xcb7b87f5e5f0502f43b535fb70ef6607df2e6c7a")]
    [InlineData("1e04 0101", "mptcp 4 capable v1 flags [H]")]
    [InlineData("1e16 0101 1fdb 5df3 28bc 3def 29a6 c869 81ad 933c 2000", "mptcp 22 capable v1 flags [H] {0x1fdb5df328bc3def,0x29a6c86981ad933c,data_len=8192}")]
    [InlineData("1e0c 0081 9c9e abd1 e46a 33b2", "mptcp 12 capable v0 flags [AH] csum {0x9c9eabd1e46a33b2}")]
    // Forms that appear in no .out file, as docs/peers.md records tcpdump printing them.
    [InlineData("1e03 51", "mptcp 3 prio backup")]
    [InlineData("1e04 5007", "mptcp 4 prio non-backup id 7")]
    [InlineData("1e0c 6000 0000 0000 0000 03e8", "mptcp 12 fail seq 1000")]
    [InlineData("1e08 3104 0a01 0204", "mptcp 8 add-addr v1-echo id 4 10.1.2.4")]
    [InlineData("1e1e 3007 2001 0db8 0000 0000 0000 0000 0000 0065 0050 1112 1314 1516 1718", "mptcp 30 add-addr v1 id 7 2001:db8::65:80 hmac 0x1112131415161718")]
    [InlineData("1e05 f3aa bb", "mptcp 5 unknown")]
    public void FormatsAsTcpdump(string hex, string expected)
    {
        Assert.Equal(expected, MptcpText.Format(Hex.Bytes(hex)));
    }

    [Theory]
    [InlineData("1e0c 0081 877c fcac 977e 4b88", TcpFlags.Ack, "mptcp 12 capable[bad opt]")]
    [InlineData(SeedVectors.JoinSynId2, TcpFlags.Ack, "mptcp 12 join[bad opt]")]
    [InlineData(SeedVectors.DssAck2208729446, TcpFlags.Syn, "mptcp 8 dss[bad opt]")]
    [InlineData("1e07 2005 0000 00", null, "mptcp 7 dss[bad opt]")]
    [InlineData("1e02", null, "mptcp[bad opt]")]
    public void MalformedOrMisplacedOptionsAreBadOpt(string hex, TcpFlags? flags, string expected)
    {
        Assert.Equal(expected, MptcpText.Format(Hex.Bytes(hex), flags));
    }

    [Fact]
    public void CraftIsTheInverseOfTheTextOnEveryValidEncodingAndTheSeed()
    {
        // Not in the text: MP_EXPERIMENTAL's data (tcpdump prints "unknown"), and DSS 'a'/'m' without 'A'/'M'.
        foreach (string hex in ValidEncodings.All().Select(e => e.Hex).Concat(SeedVectors.All).Where(h => !h.StartsWith("1e05 f", StringComparison.Ordinal) && !h.StartsWith("1e03 f", StringComparison.Ordinal)))
        {
            if (Hex.Bytes(hex) is [_, _, 0x20, byte flags, ..] && ((flags & 0x03) == 0x02 || (flags & 0x0C) == 0x08))
            {
                continue;
            }

            byte[] bytes = Hex.Bytes(hex);
            string text = MptcpText.Format(bytes);
            Assert.True(MptcpTextParser.TryParse(text, out MptcpOption option, out string? error), $"{hex}: {text}: {error}");
            byte[] crafted = new byte[40];
            Assert.True(option.TryWrite(crafted, out int written), text);
            Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(crafted, 0, written));
        }
    }

    [Fact]
    public void CraftDerivesChecksumsAndHmacs()
    {
        // The seed's client mapping: full 64-bit DSN 0x1afff58883a68961 (IDSN + 1 of key 0x877cfcac977e4b88).
        Assert.True(MptcpTextParser.TryParse("dss ack 4007607362 seq 1945543530720430433 subseq 1 len 5 csum auto payload \"hello\"", out MptcpOption dss, out _));
        Assert.True(dss.TryGet(out DssOption mapping));
        Assert.Equal(0x9e97, mapping.Checksum);

        // The seed's own 4-octet form: the checksum still covers the whole 64-bit DSN (RFC 8684 §3.3.1).
        Assert.True(MptcpTextParser.TryParse("dss ack 4007607362 seq 2208729441 subseq 1 len 5 csum auto payload \"hello\" dsn 0x1afff58883a68961", out MptcpOption shortForm, out string? error), error);
        Assert.True(shortForm.TryGet(out DssOption shortMapping));
        Assert.False(shortMapping.DataSequenceNumberIs8Octets);
        Assert.Equal(0x9e97, shortMapping.Checksum);

        // The kernel capture's ADD_ADDR (see HmacTests): announcer's key first.
        Assert.True(MptcpTextParser.TryParse("add-addr v1 id 2 127.0.0.2 hmac auto keys 13772690290991283015 1414283308398107355", out MptcpOption add, out _));
        Assert.True(add.TryGet(out AddAddressOption address));
        Assert.Equal(16748352536935518613UL, address.Hmac);
    }

    [Theory]
    [InlineData("dss ack", "the text ends too early")]
    [InlineData("dss ack x", "'x' is not a number")]
    [InlineData("join id 1 token 0x1", "expected 'nonce' but found 'the end'")]
    [InlineData("mptcp 10 dss ack 5", "the fields take 12 octets, not 10")]
    [InlineData("nonsense", "unknown option name 'nonsense'")]
    [InlineData("dss seq 2208729441 subseq 1 len 5 csum auto payload \"hello\"", "csum auto with a 4-octet seq needs the full 64-bit data sequence number: add 'dsn N'")]
    [InlineData("dss seq 2208729441 subseq 1 len 5 csum auto payload \"hello\" dsn 0x1afff58883a68962", "dsn 1945543530720430434 does not end in seq 2208729441")]
    public void CraftSaysWhatIsWrong(string text, string expected)
    {
        Assert.False(MptcpTextParser.TryParse(text, out _, out string? error));
        Assert.Equal(expected, error);
    }
}
