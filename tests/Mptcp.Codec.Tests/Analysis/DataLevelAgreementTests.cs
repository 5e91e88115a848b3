using System.IO;
using Mptcp.Codec.Tests.Cli;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Analysis;

/// <summary>
/// The per-packet data-level fields of <c>read --format json</c> (its "mptcp" object) against tshark 4.0's MPTCP
/// analysis, frame by frame on every sample capture (issue 14); the rules where tshark is wrong are in
/// <see cref="TsharkDataLevel"/> (tests/Shared, which the live tests use on fresh kernel captures too).
/// </summary>
public sealed class DataLevelAgreementTests(ITestOutputHelper output)
{
    public static TheoryData<string> Captures()
    {
        TheoryData<string> captures = FindingsTests.VerificationTestsFiles();
        captures.Add(Samples.Capture("v1-loss-reinject.pcap"));
        captures.Add(Samples.Capture("v1-stall-reinject.pcap"));
        captures.Add(Samples.Capture("v1-loss-tshark-stale-end.pcap"));
        captures.Add(Samples.Capture("v1-loss-tshark-dsn.pcap"));
        return captures;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void EveryFieldAgreesWithTsharkWhereTsharkIsRight(string path)
    {
        string[] json = Tool.Run("read", path, "--format", "json").Output.Split('\n');
        output.WriteLine($"{Path.GetFileName(path)}: {TsharkDataLevel.AssertFieldsAgree(path, json)}");
    }
}
