using System;
using System.Linq;
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

    [Fact]
    public void RandomWritesKeepTheFirstCopyOfEveryOctet()
    {
        // A model in plain arrays: each octet keeps the first value written to it.
        const int Space = 4000;
        var random = new Random(6824);
        for (int round = 0; round < 20; round++)
        {
            var stream = new DataStream();
            var held = new bool[Space];
            var expected = new byte[Space];
            for (int write = 0; write < 300; write++)
            {
                int offset = random.Next(Space - 40);
                byte[] data = new byte[1 + random.Next(40)];
                random.NextBytes(data);
                stream.Write(offset, data);
                for (int i = 0; i < data.Length; i++)
                {
                    if (!held[offset + i])
                    {
                        held[offset + i] = true;
                        expected[offset + i] = data[i];
                    }
                }

                int contiguous = Array.IndexOf(held, false) is int hole and >= 0 ? hole : Space;
                Assert.Equal(contiguous, stream.ContiguousLength);
                Assert.Equal(held.Count(h => h), stream.Received);
                Assert.Equal(expected.AsSpan(0, contiguous).ToArray(), stream.ToArray());
            }
        }
    }
}
