using System;
using System.Linq;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Codec;

/// <summary>The hot paths allocate nothing, measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>.</summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class AllocationTests
{
    private static long Allocated(Action action)
    {
        action(); // JIT and first-use costs are not the hot path.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            action();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void DecodeAndEncodeOfEverySubtypeAllocateNothing()
    {
        byte[][] encodings = ValidEncodings.All().Select(e => Hex.Bytes(e.Hex)).ToArray();
        byte[] buffer = new byte[40];
        long bytes = Allocated(() =>
        {
            foreach (byte[] encoding in encodings)
            {
                MptcpOption.TryRead(encoding, out MptcpOption option, out _);
                option.Write(buffer, out _);
                option.Validate();
            }
        });
        Assert.Equal(0, bytes);
    }

    [Fact]
    public void WalkingAndCryptoAllocateNothing()
    {
        byte[] block = Hex.Bytes("0101 080a 0022 8d1e 5031 98b4 " + SeedVectors.CapableAck + " " + SeedVectors.DssAck4007607362);
        byte[] data = new byte[1400];
        var add = new AddAddressOption { AddressId = 2, Address = MptcpAddress.FromIPv4(0x7F000002), HasHmac = true };
        long bytes = Allocated(() =>
        {
            foreach (TcpOption option in TcpOptionWalker.MptcpOptions(block))
            {
                MptcpOption.TryRead(option.Bytes, out _, out _);
            }

            MptcpKeys.Token(SeedVectors.ServerKey, MptcpVersion.V1);
            MptcpKeys.InitialDataSequenceNumber(SeedVectors.ClientKey, MptcpVersion.V0);
            MptcpHmac.JoinSynAck(MptcpVersion.V1, 1, 2, 3, 4);
            MptcpHmac.JoinAck(MptcpVersion.V0, 1, 2, 3, 4);
            add.VerifyHmac(1, 2);
            DssChecksum.Compute(1, 2, 1400, data);
        });
        Assert.Equal(0, bytes);
    }
}
