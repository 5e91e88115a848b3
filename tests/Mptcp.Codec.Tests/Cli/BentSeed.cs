using System;
using System.IO;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>A copy of the seed capture with one octet of its first DSS (1e14 2005 …) changed, deleted when disposed.</summary>
internal sealed class BentSeed : IDisposable
{
    public BentSeed(int octet, byte value)
    {
        byte[] bytes = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        int dss = bytes.AsSpan().IndexOf(Hex.Bytes(SeedVectors.DssClientData).AsSpan(0, 4));
        Assert.True(dss > 0);
        bytes[dss + octet] = value;
        File.WriteAllBytes(Path, bytes);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"seed-bent-{Guid.NewGuid():N}.pcap");

    public void Dispose() => File.Delete(Path);
}
