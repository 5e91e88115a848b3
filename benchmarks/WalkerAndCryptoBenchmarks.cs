using System;
using BenchmarkDotNet.Attributes;
using Mptcp.Codec.Crypto;
using Mptcp.Codec.Options;
using Mptcp.Codec.Tcp;

namespace Mptcp.Codec.Benchmarks;

/// <summary>TCP option-block walking and the key, HMAC and checksum helpers.</summary>
[MemoryDiagnoser]
public class WalkerAndCryptoBenchmarks
{
    // The seed's third packet: nop, nop, timestamps, MP_CAPABLE ACK, DSS ack.
    private readonly byte[] _block = Convert.FromHexString("0101080a00228d1e503198b41e140081877cfcac977e4b88813f679475cb7f9f1e082001eedf3c42");
    private readonly byte[] _payload = new byte[1400];

    /// <summary>Walk the block and decode its MPTCP options.</summary>
    [Benchmark]
    public int WalkAndDecode()
    {
        int found = 0;
        foreach (TcpOption option in TcpOptionWalker.MptcpOptions(_block))
        {
            found += MptcpOption.TryRead(option.Bytes, out _, out _) ? 1 : 0;
        }

        return found;
    }

    /// <summary>v1 key → token.</summary>
    [Benchmark]
    public uint TokenV1() => MptcpKeys.Token(0x813f679475cb7f9f, MptcpVersion.V1);

    /// <summary>v0 key → IDSN.</summary>
    [Benchmark]
    public ulong IdsnV0() => MptcpKeys.InitialDataSequenceNumber(0x877cfcac977e4b88, MptcpVersion.V0);

    /// <summary>MP_JOIN SYN/ACK truncated HMAC (v1).</summary>
    [Benchmark]
    public ulong JoinSynAckHmacV1() => MptcpHmac.JoinSynAck(MptcpVersion.V1, 1, 2, 3, 4);

    /// <summary>MP_JOIN ACK HMAC (v1).</summary>
    [Benchmark]
    public Octets20 JoinAckHmacV1() => MptcpHmac.JoinAck(MptcpVersion.V1, 1, 2, 3, 4);

    /// <summary>ADD_ADDR HMAC.</summary>
    [Benchmark]
    public ulong AddAddressHmac() => MptcpHmac.AddAddress(1, 2, 3, MptcpAddress.FromIPv4(0x7F000002), 10099);

    /// <summary>DSS checksum over 1400 octets.</summary>
    [Benchmark]
    public ushort DssChecksum1400() => DssChecksum.Compute(1, 2, 1400, _payload);
}
