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
    public void V1AddAddressHmacOfAKernelCapture()
    {
        // samples/captures/v1-csum-ipv4.pcap (Linux 6.18): keys of the MP_CAPABLE ACK, then ADD_ADDR id 2
        // 127.0.0.2 announced by each side, as tshark reads them.
        const ulong serverKey = 1432630604935752506;
        const ulong clientKey = 15896003572584272398;
        var address = MptcpAddress.FromIPv4(0x7F000002);
        Assert.Equal(3810681291845313588UL, MptcpHmac.AddAddress(serverKey, clientKey, 2, address, 0));
        Assert.Equal(6324754925986703374UL, MptcpHmac.AddAddress(clientKey, serverKey, 2, address, 0));

        var option = new AddAddressOption { AddressId = 2, Address = address, HasHmac = true, Hmac = 3810681291845313588 };
        Assert.Equal(3810681291845313588UL, option.ComputeHmac(serverKey, clientKey));
        Assert.True(option.VerifyHmac(serverKey, clientKey));
        Assert.False(option.VerifyHmac(clientKey, serverKey));
    }
}
