using BenchmarkDotNet.Attributes;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Benchmarks;

/// <summary>
/// One in-order 1400-octet segment added to a data-level stream, in a clean stream and in one with 20,000 holes
/// behind it (a capture that missed one segment in twenty): the cost must not grow with the holes.
/// </summary>
[MemoryDiagnoser]
public class ReassemblyBenchmarks
{
    private const int Segment = 1400;
    private readonly byte[] _segment = new byte[Segment];
    private DataStream _stream = new();
    private long _next;

    /// <summary>Holes left behind the point where the benchmark appends.</summary>
    [Params(0, 20_000)]
    public int Holes { get; set; }

    /// <summary>Builds the stream: twenty segments per hole, the last of each twenty missing.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _stream = new DataStream { StoresData = false };
        _next = 0;
        for (int i = 0; i < Holes * 20; i++)
        {
            if (i % 20 != 19)
            {
                _stream.Write(_next, _segment);
            }

            _next += Segment;
        }
    }

    /// <summary>Adds the next segment in order.</summary>
    [Benchmark]
    public long AppendInOrder()
    {
        _stream.Write(_next, _segment);
        _next += Segment;
        return _next;
    }
}
