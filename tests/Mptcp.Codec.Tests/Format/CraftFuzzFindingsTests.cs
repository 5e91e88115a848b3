using Mptcp.Codec.Format.Text;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Tests.Format;

/// <summary>Texts the craft fuzz campaign (fuzz/RESULTS.md) found throwing: each now fails with a reason.</summary>
public sealed class CraftFuzzFindingsTests
{
    [Theory]
    [InlineData("add-addr v1 id 2200000000003 10.188.0.1 hmac auto keys 1 2", "'2200000000003' does not fit in 8 bits")]
    [InlineData("join id 0 token 0xdc8e7cee nonce 0xda4ea4cfe", "'0xda4ea4cfe' does not fit in 32 bits")]
    [InlineData("dss fin ack 3 seq 4 subseq 0 len 1 csum 0x685850", "'0x685850' does not fit in 16 bits")]
    [InlineData("mptcp 24 capable v1 flags [AH] csum {0x3fa9d49d4c0a5d59,0x1c8d67d80d4b1363,data_len=19,csum=0xbc4777777777775}", "'0xbc4777777777775' does not fit in 16 bits")]
    [InlineData("mptcp 4 tcprst flags [T] reason unknown (0x1ff)", "'0x1ff' does not fit in 8 bits")]
    [InlineData("mptcp 4 tcprst flags [T] reason unknown (07294", "'unknown (07294' is not a reset reason (a name as the text format writes it, or its code 0-255)")]
    [InlineData("rem-addr id 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39", "at most 38 address IDs")]
    [InlineData("unknown raw 0xfbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "only MP_EXPERIMENTAL (subtype 0xf, at most 39 octets) can be crafted raw")]
    [InlineData("add-addr v1 id 1 [2001:db8::1 hmac 1", "'[2001:db8::1 hmac 1' has no closing ']'")]
    public void FailsWithAReasonInsteadOfThrowing(string text, string reason)
    {
        Assert.False(MptcpTextParser.TryParse(text, out MptcpOption option, out string? error));
        Assert.Equal(MptcpOptionKind.None, option.Kind);
        Assert.Equal(reason, error);
    }
}
