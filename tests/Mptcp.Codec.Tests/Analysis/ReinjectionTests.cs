using System.Linq;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// Reinjections (issue 14) on real kernel captures with loss on the initial subflow (samples/captures/LOSS.md, made by
/// make-loss-captures.sh; the kernel's MPTcpExtMPTCPRetrans counted them), each checked against tshark's dissection
/// (<see cref="TsharkDataLevel.AssertReinjections"/>).
/// </summary>
public sealed class ReinjectionTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("v1-loss-reinject.pcap")]
    [InlineData("v1-stall-reinject.pcap")]
    [InlineData("v1-loss-tshark-stale-end.pcap")]
    [InlineData("v1-loss-tshark-dsn.pcap")]
    public void EveryReinjectionIsTheSameDataOnAnotherSubflow(string name)
    {
        string path = Samples.Capture(name);
        var ours = MptcpAnalysis.Analyze(path).Connections.SelectMany(c => c.ReinjectionPairs).ToList();
        output.WriteLine($"{name}: {TsharkDataLevel.AssertReinjections(path, ours)}");
    }
}
