using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Mptcp.Codec.Tests.Support;
using Xunit;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// A bounded mutation campaign over every capture command: the sample captures damaged in the ways of
/// <see cref="CaptureMutator"/>, each case run by each command under a time limit. Any hang, stack trace, exit code
/// outside 0/1/2 or exit-2 message that is not one line in words fails it, naming the case and keeping its octets.
/// </summary>
public sealed class MutationCampaignTests
{
    private const int Seed = 30;
    private const int CasesPerCapture = 240;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Captures() =>
    [
        "seed-echo.pcap", "v1-csum-ipv4.pcap", "v1-addaddr-port.pcap", "v1-fastclose.pcap", "v1-ipv6.pcap",
        "v1-prio-remove.pcap", "v1-nocsum-ipv4.pcap", "formats/seed-echo-4in6.pcap", "findings/mapping-conflict.pcap",
        "findings/infinite-mapping.pcap",
    ];

    [Theory]
    [MemberData(nameof(Captures))]
    public void No_damaged_capture_hangs_or_crashes_a_command(string name)
    {
        var mutator = new CaptureMutator(File.ReadAllBytes(Samples.Capture(name)));
        string folder = Directory.CreateTempSubdirectory("mptcp-campaign-").FullName;
        var failures = new List<string>();
        int runs = 0;
        try
        {
            for (int index = 0; index < CasesPerCapture && failures.Count < 5; index++)
            {
                (string kind, byte[] bytes) = mutator.Mutate(Seed, index);
                string input = Path.Combine(folder, $"case-{index}.pcap");
                File.WriteAllBytes(input, bytes);
                foreach (string[] args in Commands(input, folder, index))
                {
                    runs++;
                    var run = BoundedTool.Run(Limit, args);
                    string? wrong = run is null ? $"no end after {Limit.TotalSeconds} s" : BoundedTool.Misbehaviour(run.Value);
                    if (wrong is not null)
                    {
                        string kept = Path.Combine(Path.GetTempPath(), $"mptcp-campaign-{Path.GetFileNameWithoutExtension(name)}-{index}.pcap");
                        File.WriteAllBytes(kept, bytes);
                        failures.Add($"{name} case {index} ({kind}), kept as {kept}: mptcp-dump {string.Join(' ', args.Select(a => a == input ? "CASE" : a))}: {wrong}");
                        break;
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.True(runs >= CasesPerCapture * 6, $"only {runs} runs");
    }

    /// <summary>Every capture command; the Parquet export and the plot, which cost more, on every eighth case.</summary>
    private static IEnumerable<string[]> Commands(string input, string folder, int index)
    {
        yield return ["read", input];
        yield return ["read", input, "--verify"];
        yield return ["read", input, "--format", "json"];
        yield return ["summary", input];
        yield return ["summary", input, "--format", "json"];
        yield return ["stats", input];
        if (index % 8 == 0)
        {
            yield return ["read", input, "--format", "parquet", "-o", Path.Combine(folder, "out.parquet")];
            yield return ["summary", input, "--format", "parquet", "-o", Path.Combine(folder, "summary.parquet")];
            yield return ["plot", input, "-o", Path.Combine(folder, "out.svg")];
        }
    }
}
