using System;
using Mptcp.Codec.Capture.Synthesis;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Tests.Peer;

/// <summary>An option that cannot be added says why: too long for what is left of the 40 octets, or invalid.</summary>
public sealed class SegmentBuilderTests
{
    [Fact]
    public void An_option_that_does_not_fit_says_so_not_Ok()
    {
        var builder = new SegmentBuilder();
        // RFC 8684 §3.4: an IPv6 ADD_ADDR with a port and its HMAC is 30 octets; a DSS with a 64-bit DATA_ACK is 12.
        builder.Add(new AddAddressOption { AddressId = 1, Address = MptcpAddress.FromIPv6(((UInt128)0xFD09_0000_0000_0000UL << 64) | 3), HasPort = true, Port = 9000, HasHmac = true, Hmac = 1 });
        var dataAck = new DssOption { DataAckPresent = true, DataAckIs8Octets = true, DataAck = 1 };
        Assert.Equal(12, dataAck.GetEncodedLength());
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => builder.Add(dataAck));
        Assert.EndsWith(": its 12 octets do not fit in the 10 of the 40 octets of TCP options left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_option_says_what_is_wrong()
    {
        var builder = new SegmentBuilder();
        InvalidOperationException e = Assert.Throws<InvalidOperationException>(() => builder.Add(new RemoveAddressOption()));
        // RFC 8684 §3.4.2: REMOVE_ADDR lists at least one address id; the message names the problem, not room.
        Assert.False(e.Message.EndsWith(": Ok", StringComparison.Ordinal) || e.Message.Contains("do not fit", StringComparison.Ordinal), e.Message);
    }
}
