using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit.Abstractions;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// <c>mptcp-dump fuzz kernel</c>, the short campaign CI runs: 84 cases (twelve in each of the seven contexts) against this machine's kernel, each in a
/// namespace of its own. The same seed gives the same report.json; no namespace or TUN device is left; the kernel log
/// was watched; every context produced cases the kernel acted on (so the campaign reached the kernel where the options
/// mean something); and every disagreement has a reproducer that reproduces: run by <c>mptcp-dump peer</c>, its counter
/// lines hold (an option built from the keys is replayed as an edit of the valid one the replay's keys give).
/// </summary>
public sealed class FuzzKernelTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void A_short_campaign_is_deterministic_leaves_nothing_and_its_reproducers_reproduce()
    {
        LiveEnvironment.SkipUnlessMptcp();
        string root = Directory.CreateTempSubdirectory("mptcp-fuzz-kernel-").FullName;
        try
        {
            string[] folders = [Path.Combine(root, "1"), Path.Combine(root, "2")];
            foreach (string folder in folders)
            {
                var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "fuzz", "kernel", "--cases", "84", "--seed", "5", "-o", folder], 300_000, check: false);
                Assert.True(exit == 0, $"fuzz kernel exited with {exit}: {stderr}");
                output.WriteLine(stdout.Trim());
            }

            Assert.DoesNotContain("mptcp-fuzz-", Shell.Run(LiveEnvironment.Ip, ["netns", "list"]), StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(Path.Combine(folders[0], "report.json")), File.ReadAllText(Path.Combine(folders[1], "report.json")));
            using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folders[0], "report.json")));
            JsonElement[] kinds = [.. report.RootElement.GetProperty("kinds").EnumerateArray()];
            Assert.Equal(84, report.RootElement.GetProperty("run").GetInt32());
            Assert.Equal(84, kinds.Sum(k => k.GetProperty("count").GetInt32()));
            Assert.StartsWith("watched", report.RootElement.GetProperty("kernel_log").GetString(), StringComparison.Ordinal);
            foreach (string context in new[] { "SYN", "third ACK", "join SYN", "join third ACK", "ACK", "data segment", "RST" })
            {
                Assert.Contains(kinds, k => k.GetProperty("context").GetString() == context && k.GetProperty("kind").GetString()!.Contains("kernel acted", StringComparison.Ordinal));
            }

            // Every disagreement that reached its option has a reproducer, and every reproducer reproduces: the
            // options built from the keys are replayed as edits of the valid option the replay's own keys give.
            JsonElement[] disagreements = [.. kinds.Where(k => !k.GetProperty("agree").GetBoolean() && k.GetProperty("option").GetString() != "(not sent)")];
            Assert.NotEmpty(disagreements);
            int replayed = 0;
            foreach (JsonElement kind in disagreements)
            {
                string script = Path.Combine(folders[0], kind.GetProperty("reproducer").GetString()!);
                Assert.True(File.Exists(script), $"{kind.GetProperty("kind").GetString()}: no reproducer ({kind.GetProperty("reproducer").GetString()})");
                var (exit, stdout, stderr) = Shell.RunFull(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "peer", script], 60_000, check: false);
                Assert.True(exit == 0, $"{script} does not reproduce:\n{File.ReadAllText(script)}\n{stdout}\n{stderr}");
                replayed++;
            }

            output.WriteLine($"{kinds.Length} kinds, {disagreements.Length} disagreements, {replayed} reproducers replayed");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
