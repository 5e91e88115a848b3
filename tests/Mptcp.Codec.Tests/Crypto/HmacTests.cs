using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Crypto;

/// <summary>MP_JOIN and ADD_ADDR HMACs against values computed by the Linux kernel (captures) and tcpdump's test capture.</summary>
public sealed class HmacTests
{
    // tcpdump tests/mptcp-v0.pcap: keys of the MP_CAPABLE ACK, then the join's nonces and HMACs.
    private const ulong InitiatorKey = 0x9c9eabd1e46a33b2;
    private const ulong ListenerKey = 0x967d2770b6960552;
    private const uint InitiatorNonce = 0x1b665a18;
    private const uint ListenerNonce = 0x33abe9d5;

    [Fact]
    public void V0JoinSynAckTruncatedHmac()
    {
        Assert.Equal(0x5ab680c7884af03dUL, MptcpHmac.JoinSynAck(MptcpVersion.V0, ListenerKey, InitiatorKey, ListenerNonce, InitiatorNonce));
    }

    [Fact]
    public void V0JoinAckHmac()
    {
        Octets20 hmac = MptcpHmac.JoinAck(MptcpVersion.V0, InitiatorKey, ListenerKey, InitiatorNonce, ListenerNonce);
        Assert.Equal("cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a", hmac.ToString());
    }

    [Fact]
    public void A_named_handshake_gives_the_same_HMACs_and_a_swapped_one_does_not()
    {
        var join = new JoinHandshake { Version = MptcpVersion.V0, InitiatorKey = InitiatorKey, ListenerKey = ListenerKey, InitiatorNonce = InitiatorNonce, ListenerNonce = ListenerNonce };
        var synAck = new MpJoinSynAckOption { SenderTruncatedHmac = 0x5ab680c7884af03d, SenderRandomNumber = ListenerNonce };
        Assert.Equal(0x5ab680c7884af03dUL, synAck.ComputeHmac(join));
        Assert.True(synAck.VerifyHmac(join));
        Assert.False(synAck.VerifyHmac(join with { InitiatorKey = ListenerKey, ListenerKey = InitiatorKey }));

        var ack = new MpJoinAckOption { SenderHmac = join.AckHmac };
        Assert.Equal("cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a", ack.ComputeHmac(join).ToString());
        Assert.True(ack.VerifyHmac(join));
        Assert.False(ack.VerifyHmac(join with { InitiatorNonce = ListenerNonce, ListenerNonce = InitiatorNonce }));
    }

    [Fact]
    public void V1AddAddressHmacOfAKernelCapture()
    {
        // samples/captures/v1-csum-ipv4.pcap (Linux 6.18), as tshark reads it: frame 3's MP_CAPABLE keys (client
        // port 57040, server port 10000), then ADD_ADDR id 2 127.0.0.2 announced by the server (frame 4) and by
        // the client (frame 10).
        const ulong clientKey = 1414283308398107355;
        const ulong serverKey = 13772690290991283015;
        var address = MptcpAddress.FromIPv4(0x7F000002);
        Assert.Equal(16748352536935518613UL, MptcpHmac.AddAddress(serverKey, clientKey, 2, address, 0));
        Assert.Equal(9668208010867393296UL, MptcpHmac.AddAddress(clientKey, serverKey, 2, address, 0));

        var option = new AddAddressOption { AddressId = 2, Address = address, HasHmac = true, Hmac = 16748352536935518613 };
        Assert.Equal(16748352536935518613UL, option.ComputeHmac(serverKey, clientKey));
        Assert.True(option.VerifyHmac(serverKey, clientKey));
        Assert.False(option.VerifyHmac(clientKey, serverKey));
    }

    [Fact]
    public void TcpdumpsV1AddAddressCaptureHoldsThePre2020LeftmostHmac()
    {
        // tcpdump tests/mptcp-aa-v1 (February 2020): its HMAC is the leftmost 64 bits, as Linux computed it before
        // "mptcp: use rightmost 64 bits in ADD_ADDR HMAC" (docs/peers.md §4.4); RFC 8684 and today's kernel keep the rightmost.
        var option = new AddAddressOption { AddressId = 1, Address = MptcpAddress.FromIPv4(0xC0A888E1), HasHmac = true, Hmac = 0x669928744366716c };
        Assert.False(option.VerifyHmac(0x73bb150358a0aecb, 0x8f0c7c64a6a32ac1));
        Assert.Equal(0xe0e054c3444e4c25UL, option.ComputeHmac(0x73bb150358a0aecb, 0x8f0c7c64a6a32ac1));
    }
}
