using System;
using BenchmarkDotNet.Attributes;
using Mptcp.Codec.Options;

namespace Mptcp.Codec.Benchmarks;

/// <summary>The generated readers against <see cref="HandWritten"/> on DSS, MP_CAPABLE and ADD_ADDR.</summary>
[MemoryDiagnoser]
public class GeneratedVersusHandWrittenBenchmarks
{
    private readonly byte[] _dss = Convert.FromHexString("1e1c200f0102030405060708111213141516171800000007000512c1");
    private readonly byte[] _capable = Convert.FromHexString("1e1801818f0c7c64a6a32ac173bb150358a0aecb0010abcd");
    private readonly byte[] _addAddress = Convert.FromHexString("1e1e300520010db80000000000000000000000011f901122334455667788");

    /// <summary>Generated DSS reader.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("dss")]
    public ulong GeneratedDss() => DssOption.TryRead(_dss, out DssOption dss, out _) ? dss.DataSequenceNumber : 0;

    /// <summary>Hand-written DSS reader.</summary>
    [Benchmark]
    [BenchmarkCategory("dss")]
    public ulong HandWrittenDss() => HandWritten.TryReadDss(_dss, out HandWritten.Dss dss) ? dss.DataSequenceNumber : 0;

    /// <summary>Generated MP_CAPABLE reader.</summary>
    [Benchmark]
    [BenchmarkCategory("capable")]
    public ulong GeneratedCapable() => MpCapableOption.TryRead(_capable, out MpCapableOption capable, out _) ? capable.ReceiverKey : 0;

    /// <summary>Hand-written MP_CAPABLE reader.</summary>
    [Benchmark]
    [BenchmarkCategory("capable")]
    public ulong HandWrittenCapable() => HandWritten.TryReadCapable(_capable, out HandWritten.Capable capable) ? capable.ReceiverKey : 0;

    /// <summary>Generated ADD_ADDR reader.</summary>
    [Benchmark]
    [BenchmarkCategory("add-addr")]
    public ulong GeneratedAddAddress() => AddAddressOption.TryRead(_addAddress, out AddAddressOption add, out _) ? add.Hmac : 0;

    /// <summary>Hand-written ADD_ADDR reader.</summary>
    [Benchmark]
    [BenchmarkCategory("add-addr")]
    public ulong HandWrittenAddAddress() => HandWritten.TryReadAddAddress(_addAddress, out HandWritten.AddAddress add) ? add.Hmac : 0;
}
