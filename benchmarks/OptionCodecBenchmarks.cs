using System;
using BenchmarkDotNet.Attributes;
using Mptcp.Codec;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Benchmarks;

/// <summary>Decode and encode of each subtype's typical and largest forms, through the dispatcher.</summary>
[MemoryDiagnoser]
public class OptionCodecBenchmarks
{
    private byte[] _bytes = [];
    private MptcpOption _option;
    private readonly byte[] _buffer = new byte[40];

    /// <summary>The option under test, named by its subtype and form.</summary>
    [Params("dss-ack4", "dss-map-csum", "dss-ack8-map8-csum", "capable-ack", "capable-data-csum", "join-syn", "join-synack", "join-ack", "add-addr-v4-hmac", "add-addr-v6-port-hmac", "remove-addr", "prio", "fail", "fastclose", "tcprst")]
    public string Form { get; set; } = "dss-ack4";

    /// <summary>Prepares the option.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _bytes = Convert.FromHexString(Form switch
        {
            "dss-ack4" => "1e082001eedf3c42",
            "dss-map-csum" => "1e142005eedf3c4283a68961000000010005 9e97".Replace(" ", string.Empty, StringComparison.Ordinal),
            "dss-ack8-map8-csum" => "1e1c200f0102030405060708111213141516171800000007000512c1",
            "capable-ack" => "1e140081877cfcac977e4b88813f679475cb7f9f",
            "capable-data-csum" => "1e1801818f0c7c64a6a32ac173bb150358a0aecb0010abcd",
            "join-syn" => "1e0c1002a9a0dd6407305469",
            "join-synack" => "1e1010015ab680c7884af03d33abe9d5",
            "join-ack" => "1e181000cb7b87f5e5f0502f43b535fb70ef6607df2e6c7a",
            "add-addr-v4-hmac" => "1e103001c0a888e1669928744366716c",
            "add-addr-v6-port-hmac" => "1e1e300520010db80000000000000000000000011f901122334455667788",
            "remove-addr" => "1e0640010203",
            "prio" => "1e0351",
            "fail" => "1e0c60001122334455667788",
            "fastclose" => "1e0c7000d005b1ab34bad344",
            "tcprst" => "1e048101",
            _ => throw new ArgumentException(Form),
        });
        if (!MptcpOption.TryRead(_bytes, out _option, out MptcpError error))
        {
            throw new InvalidOperationException(error.Describe());
        }
    }

    /// <summary>Decode through the dispatcher.</summary>
    [Benchmark]
    public MptcpOptionKind Decode()
    {
        MptcpOption.TryRead(_bytes, out MptcpOption option, out _);
        return option.Kind;
    }

    /// <summary>Validate and encode.</summary>
    [Benchmark]
    public int Encode()
    {
        _option.Write(_buffer, out int written);
        return written;
    }
}
