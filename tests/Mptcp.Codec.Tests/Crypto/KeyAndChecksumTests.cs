using System;
using System.Text;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Crypto;

/// <summary>Key → token/IDSN and DSS checksums against the seed's numbers.</summary>
public sealed class KeyAndChecksumTests
{
    [Fact]
    public void ServerKeyGivesTheTokenTheJoinsCarry()
    {
        Assert.Equal(SeedVectors.ServerToken, MptcpKeys.Token(SeedVectors.ServerKey, MptcpVersion.V0));
    }

    [Fact]
    public void TokenFromTcpdumpV0Capture()
    {
        // tcpdump tests/mptcp-v0: SYN/ACK key 0x967d2770b6960552, join token 0xe47f0142.
        Assert.Equal(0xe47f0142U, MptcpKeys.Token(0x967d2770b6960552, MptcpVersion.V0));
    }

    [Fact]
    public void InitialDataSequenceNumbersGiveTheSeedsFirstDataSequenceNumbers()
    {
        // The first data octet takes IDSN + 1; the seed's 4-octet DSNs are the low 32 bits.
        Assert.Equal(2208729441UL, (MptcpKeys.InitialDataSequenceNumber(SeedVectors.ClientKey, MptcpVersion.V0) + 1) & 0xFFFFFFFF);
        Assert.Equal(4007607362UL, (MptcpKeys.InitialDataSequenceNumber(SeedVectors.ServerKey, MptcpVersion.V0) + 1) & 0xFFFFFFFF);
    }

    [Theory]
    [InlineData(true, 1U, 5, "hello", 0x9e97)]
    [InlineData(false, 1U, 5, "hello", 0x9878)]
    [InlineData(false, 0U, 1, "", 0xdc4a)] // server DATA_FIN, DSN + 5
    [InlineData(true, 0U, 1, "", 0xe269)]  // client DATA_FIN, DSN + 5
    public void DssChecksumsOfTheSeed(bool client, uint subflowSequence, int length, string data, int expected)
    {
        ulong first = MptcpKeys.InitialDataSequenceNumber(client ? SeedVectors.ClientKey : SeedVectors.ServerKey, MptcpVersion.V0) + 1;
        ulong dsn = data.Length == 0 ? first + 5 : first;
        Assert.Equal(expected, DssChecksum.Compute(dsn, subflowSequence, (ushort)length, Encoding.ASCII.GetBytes(data)));
    }

    [Fact]
    public void A_DSS_fills_and_checks_its_own_checksum()
    {
        // The seed's client mapping of "hello": DSN IDSN + 1 (64-bit), subflow sequence 1, length 5, checksum 0x9e97.
        ulong dsn = MptcpKeys.InitialDataSequenceNumber(SeedVectors.ClientKey, MptcpVersion.V0) + 1;
        var dss = new DssOption { MappingPresent = true, DataSequenceNumberIs8Octets = true, DataSequenceNumber = dsn, SubflowSequenceNumber = 1, DataLevelLength = 5 };
        byte[] hello = Encoding.ASCII.GetBytes("hello");
        DssOption filled = dss.WithChecksum(hello);
        Assert.Equal((true, (ushort)0x9e97), (filled.HasChecksum, filled.Checksum));
        Assert.True(filled.VerifyChecksum(hello));
        Assert.False(filled.VerifyChecksum(Encoding.ASCII.GetBytes("jello")));

        // A 4-octet DSN (the seed's own form) needs the 64-bit one; no mapping, no checksum.
        var wire = dss with { DataSequenceNumberIs8Octets = false, DataSequenceNumber = dsn & 0xFFFFFFFF };
        Assert.Throws<InvalidOperationException>(() => wire.ComputeChecksum(hello));
        Assert.Equal((ushort)0x9e97, wire.ComputeChecksum(hello, dsn));
        Assert.Throws<InvalidOperationException>(() => new DssOption { DataAckPresent = true }.ComputeChecksum(hello, dsn));
    }

    [Fact]
    public void ChecksumFedInOddPiecesEqualsOneShot()
    {
        ulong dsn = MptcpKeys.InitialDataSequenceNumber(SeedVectors.ClientKey, MptcpVersion.V0) + 1;
        var checksum = new DssChecksum(dsn, 1, 5);
        checksum.Append("h"u8);
        checksum.Append("el"u8);
        checksum.Append("lo"u8);
        Assert.Equal(0x9e97, checksum.Result);
    }
}
