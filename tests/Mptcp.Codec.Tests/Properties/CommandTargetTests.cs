using System.IO;
using Mptcp.Codec.Tests.Support;
using Xunit;

namespace Mptcp.Codec.Tests.Properties;

/// <summary>
/// The fuzz targets that drive whole commands (fuzz/CommandTargets.cs) accept what their campaigns start from: a
/// sample capture and a damaged one; a target that threw on its seeds would make afl-fuzz refuse to start.
/// </summary>
public sealed class CommandTargetTests
{
    [Theory]
    [InlineData("pipeline")]
    [InlineData("commands")]
    public void Seeds_and_damage_pass_the_whole_path_targets(string target)
    {
        byte[] seed = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        Mptcp.Codec.Fuzz.Targets.Run(target, seed);
        var mutator = new CaptureMutator(seed);
        for (int index = 0; index < 30; index++)
        {
            Mptcp.Codec.Fuzz.Targets.Run(target, mutator.Mutate(26, index).Bytes);
        }
    }
}
