using System.Text;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>Reassembly keeps the first copy of every octet, as a receiver does.</summary>
public sealed class DataStreamTests
{
    [Fact]
    public void LaterCopiesDoNotOverwriteAndHolesAreFilled()
    {
        var stream = new DataStream();
        stream.Write(0, "hel"u8);
        stream.Write(5, " world"u8);
        Assert.Equal(3, stream.ContiguousLength);
        stream.Write(2, "XXXY"u8); // octets 2 and 5 are held already: only 3 and 4 land
        Assert.Equal("helXX world", Encoding.ASCII.GetString(stream.ToArray()));
        stream.Write(0, "ZZZZZZZZZZZZ"u8); // a full retransmission changes nothing but the one new octet at the end
        Assert.Equal("helXX worldZ", Encoding.ASCII.GetString(stream.ToArray()));
        Assert.Equal(12, stream.Received);
    }
}
