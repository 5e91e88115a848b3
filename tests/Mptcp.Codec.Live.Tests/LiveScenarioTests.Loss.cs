using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Live.Tests;

/// <summary>
/// Reinjections and data-level out-of-order delivery made by the kernel for real (issue 14): two subflows, the initial
/// one impaired with nftables (LiveNamespace.Impairment.cs), 300,000 bytes echoed. Each run is judged three ways: the
/// kernel's MPTcpExtMPTCPRetrans counter moved, tshark marks data sent again on the other subflow, and the SDK's
/// analysis (every check passes, no finding, each reinjection the same octets at the same DSNs on another subflow,
/// every per-packet data-level field as tshark has it, or a rule says why not). Which segments the kernel's scheduler
/// puts on the stalled path is its choice: a run in which the kernel reinjected nothing across subflows proves
/// nothing either way and is repeated in a fresh namespace, at most three times.
/// </summary>
public sealed partial class LiveScenarioTests
{
    private const int LossAttempts = 3;

    /// <summary>After the first echo the initial subflow is black-holed for a second while the second and third chunks go.</summary>
    [SkippableFact]
    public void Reinjection_after_a_stall_of_the_initial_subflow() =>
        LossScenario("stall", seed: 17, ["--pause-after", "1"], setup: null, (ns, client) =>
        {
            client.WaitForLine("paused 1", 30_000);
            ns.AddDropRule(LiveNamespace.InitialPath + " counter drop");
            client.WriteLine("go");
            Thread.Sleep(1000);
            return ns.FlushRules();
        });

    /// <summary>20 % of the initial subflow's segments are dropped, both directions, for the whole connection.</summary>
    [SkippableFact]
    public void Reinjection_under_random_loss_of_the_initial_subflow() =>
        LossScenario("loss", seed: 18, [], ns => ns.AddDropRule(LiveNamespace.InitialPath + " numgen random mod 100 < 20 counter drop"), (ns, _) => string.Empty);

    private void LossScenario(string name, uint seed, string[] clientOptions, Action<LiveNamespace>? setup, Func<LiveNamespace, LiveProcess, string> during)
    {
        for (int attempt = 1; attempt <= LossAttempts; attempt++)
        {
            var clock = Stopwatch.StartNew();
            using var ns = new LiveNamespace(name, checksums: false);
            try
            {
                ns.PrepareImpairment();
                ns.Mptcp("endpoint", "add", "127.0.0.2", "id", "2", "dev", "lo", "subflow");
                setup?.Invoke(ns);
                IReadOnlyDictionary<string, long> before = ns.MptcpCounters();
                string rules = string.Empty;
                LiveCapture c = Echo(ns, "0.0.0.0", "127.0.0.1", Pattern(300_000, seed),
                    ["--chunks", "3", "--delay-ms", "300", "--wait-subflows", "1", .. clientOptions], client => rules = during(ns, client));
                rules = rules.Length > 0 ? rules : ns.FlushRules();
                if (KernelFindings.MisplacedMapping(c) is string finding)
                {
                    // The kernel handed the server's application data misplaced (docs/kernel-findings.md §1): reported
                    // as what it is; any other mismatch fails in AssertCommon.
                    output.WriteLine(finding);
                    return;
                }

                long retrans = ns.MptcpCounters()["MPTCPRetrans"] - before["MPTCPRetrans"];
                int marks = TsharkDataLevel.CrossSubflowMarks(c.CapturePath);
                output.WriteLine($"{name} attempt {attempt}: {c.Sdk.Count} frames; nft: {rules}; MPTcpExtMPTCPRetrans +{retrans}; tshark: {marks} reinjections on another subflow");
                if (retrans == 0 || marks == 0)
                {
                    output.WriteLine($"{name} attempt {attempt}: the kernel reinjected nothing on the other subflow; again in a fresh namespace");
                    continue;
                }

                c.AssertCommon(cleanClose: true);
                output.WriteLine(VerificationAssertions.Verify(c));
                AnalysisResult result = MptcpAnalysis.Analyze(c.CapturePath);
                Assert.Equal(0, result.FindingCount);

                // Goodput (issue 15): each direction's octets delivered once, in DSN order, are what the applications read,
                // and each octet was delivered first by exactly one subflow.
                MptcpConnection connection = result.Connections.Single();
                Assert.Equal((c.ServerReceived.Length, c.ClientReceived.Length), ((int)connection.ClientToServer.ContiguousLength, (int)connection.ServerToClient.ContiguousLength));
                Assert.Equal(c.ServerReceived.Length, connection.Subflows.Sum(s => s.InitiatorSide == Side.Client ? s.FromInitiator.FirstDeliveredOctets : s.FromListener.FirstDeliveredOctets));
                output.WriteLine(TsharkDataLevel.AssertReinjections(c.CapturePath, result.Connections.Single().ReinjectionPairs));
                string json = Shell.Run(LiveEnvironment.Dotnet, [LiveEnvironment.ToolDll, "read", c.CapturePath, "--format", "json"], timeoutMs: 120_000);
                output.WriteLine(TsharkDataLevel.AssertFieldsAgree(c.CapturePath, json.Split('\n')));
                output.WriteLine($"{name}: passed in {clock.ElapsedMilliseconds} ms");
                return;
            }
            catch (InvalidOperationException e) when (attempt < LossAttempts && e.Message.Contains("no line starting with 'paused 1'", StringComparison.Ordinal))
            {
                // Seen twice in CI: the join was up and the first chunk echoed within 20 ms in the capture, yet the
                // client's MPTCP_INFO never counted the subflow in 30 s. Not this test's subject: the files are kept,
                // and the scenario runs again in a fresh namespace.
                ns.KeepWorkDir = true;
                output.WriteLine($"{name} attempt {attempt}: {e.Message}; files kept in {ns.WorkDir}; again in a fresh namespace");
            }
            catch (Exception e) when (e is not SkipException)
            {
                ns.KeepWorkDir = true;
                output.WriteLine($"{name}: FAILED after {clock.ElapsedMilliseconds} ms; capture and files kept in {ns.WorkDir}");
                output.WriteLine(ns.Transcripts());
                throw;
            }
        }

        Assert.Fail($"{name}: in {LossAttempts} runs the kernel never reinjected data on the other subflow (see the output)");
    }
}
