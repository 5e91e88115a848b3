using System;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Codec;

/// <summary>Every MPTCP option of the seed decodes to the values its tcpdump lines state and encodes back to its bytes.</summary>
public sealed class SeedOptionTests
{
    private static MptcpOption Decode(string hex, MptcpOptionKind kind)
    {
        byte[] bytes = Hex.Bytes(hex);
        Assert.True(MptcpOption.TryRead(bytes, out MptcpOption option, out MptcpError error), error.Describe());
        Assert.Equal(kind, option.Kind);
        AssertReencodes(option, bytes);
        return option;
    }

    private static void AssertReencodes(MptcpOption option, byte[] expected)
    {
        Span<byte> buffer = stackalloc byte[40];
        Assert.Equal(MptcpStatus.Ok, option.Write(buffer, out int written));
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(buffer[..written]));
    }

    [Theory]
    [InlineData(SeedVectors.CapableSyn, SeedVectors.ClientKey)]
    [InlineData(SeedVectors.CapableSynAck, SeedVectors.ServerKey)]
    public void MpCapableSynCarriesTheSendersKeyWithChecksumAndHmacSha1(string hex, ulong key)
    {
        Assert.True(Decode(hex, MptcpOptionKind.MpCapableOption).TryGet(out MpCapableOption option));
        Assert.Equal(0, option.Version);
        Assert.True(option.ChecksumRequired); // 'A': "capable csum"
        Assert.True(option.HmacSha);          // 'H'
        Assert.False(option.Extensibility);
        Assert.True(option.HasSenderKey);
        Assert.Equal(key, option.SenderKey);
        Assert.False(option.HasReceiverKey);
    }

    [Fact]
    public void MpCapableAckCarriesBothKeys()
    {
        Assert.True(Decode(SeedVectors.CapableAck, MptcpOptionKind.MpCapableOption).TryGet(out MpCapableOption option));
        Assert.Equal(SeedVectors.ClientKey, option.SenderKey);
        Assert.Equal(SeedVectors.ServerKey, option.ReceiverKey);
        Assert.True(option.HasReceiverKey);
        Assert.False(option.HasDataLevelLength);
    }

    [Theory]
    [InlineData(SeedVectors.DssAck4007607362, 4007607362UL)]
    [InlineData(SeedVectors.DssAck2208729446, 2208729446UL)]
    [InlineData(SeedVectors.DssAck4007607367, 4007607367UL)]
    [InlineData(SeedVectors.DssAck2208729447, 2208729447UL)]
    [InlineData(SeedVectors.DssAck4007607368, 4007607368UL)]
    public void DssDataAckOnly(string hex, ulong dataAck)
    {
        Assert.True(Decode(hex, MptcpOptionKind.DssOption).TryGet(out DssOption dss));
        Assert.True(dss.DataAckPresent);
        Assert.False(dss.DataAckIs8Octets);
        Assert.False(dss.MappingPresent);
        Assert.Equal(dataAck, dss.DataAck);
    }

    [Theory]
    [InlineData(SeedVectors.DssClientData, 4007607362UL, 2208729441UL, 1U, 5, 0x9e97, false)]
    [InlineData(SeedVectors.DssServerData, 2208729446UL, 4007607362UL, 1U, 5, 0x9878, false)]
    [InlineData(SeedVectors.DssServerDataFin, 2208729446UL, 4007607367UL, 0U, 1, 0xdc4a, true)]
    [InlineData(SeedVectors.DssClientDataFin, 4007607368UL, 2208729446UL, 0U, 1, 0xe269, true)]
    public void DssMappingWithChecksum(string hex, ulong ack, ulong dsn, uint subflowSequence, int length, int checksum, bool dataFin)
    {
        Assert.True(Decode(hex, MptcpOptionKind.DssOption).TryGet(out DssOption dss));
        Assert.Equal(ack, dss.DataAck);
        Assert.True(dss.MappingPresent);
        Assert.False(dss.DataSequenceNumberIs8Octets);
        Assert.Equal(dsn, dss.DataSequenceNumber);
        Assert.Equal(subflowSequence, dss.SubflowSequenceNumber);
        Assert.Equal(length, dss.DataLevelLength);
        Assert.True(dss.HasChecksum);
        Assert.Equal(checksum, dss.Checksum);
        Assert.Equal(dataFin, dss.DataFin);
    }

    [Theory]
    [InlineData(SeedVectors.AddAddrId2, 2, 0xC0A8001CU)] // 192.168.0.28
    [InlineData(SeedVectors.AddAddrId3, 3, 0xC0A80019U)] // 192.168.0.25
    public void AddAddrV0Ipv4(string hex, byte id, uint address)
    {
        Assert.True(Decode(hex, MptcpOptionKind.AddAddressV0Option).TryGet(out AddAddressV0Option add));
        Assert.Equal(4, add.IPVersion);
        Assert.Equal(id, add.AddressId);
        Assert.False(add.Address.IsIPv6);
        Assert.Equal(address, add.Address.IPv4);
        Assert.False(add.HasPort);
    }

    [Theory]
    [InlineData(SeedVectors.JoinSynId2, 2, 0x07305469U)]
    [InlineData(SeedVectors.JoinSynId3, 3, 0x74c5f35cU)]
    public void MpJoinSyn(string hex, byte id, uint nonce)
    {
        Assert.True(Decode(hex, MptcpOptionKind.MpJoinSynOption).TryGet(out MpJoinSynOption join));
        Assert.Equal(id, join.AddressId);
        Assert.Equal(SeedVectors.ServerToken, join.ReceiverToken);
        Assert.Equal(nonce, join.SenderRandomNumber);
        Assert.False(join.Backup);
    }

    [Fact]
    public void EveryOptionOfTheSeedRoundTrips()
    {
        foreach (string hex in SeedVectors.All)
        {
            byte[] bytes = Hex.Bytes(hex);
            Assert.True(MptcpOption.TryRead(bytes, out MptcpOption option, out MptcpError error), hex + ": " + error.Describe());
            AssertReencodes(option, bytes);
        }
    }
}
