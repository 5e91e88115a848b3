using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;

namespace Mptcp.Codec.Live.Tests;

/// <summary>mptcp-dump capturing live (issue 16): libpcap on lo of the namespace, real MPTCP traffic, Ctrl-C.</summary>
public sealed partial class LiveScenarioTests
{
    /// <summary>
    /// `mptcp-dump summary -i lo` runs while an MPTCP echo with a second subflow and DSS checksums goes over lo; SIGINT
    /// (what Ctrl-C sends) ends it, and it prints the summary of what it saw: the one connection, both subflows, every
    /// check passed, the data-level byte counts the peers sent, and libpcap's statistics with nothing dropped.
    /// </summary>
    [SkippableFact]
    public void Live_capture_summary_until_SIGINT()
    {
        using var ns = new LiveNamespace("tool-live", checksums: true);
        try
        {
            ns.Mptcp("endpoint", "add", "127.0.0.2", "id", "2", "dev", "lo", "subflow");
            string port = Port.ToString(CultureInfo.InvariantCulture);
            LiveProcess tool = ns.StartTool("mptcp-dump", "summary", "-i", "lo", "--filter", $"tcp port {port}", "--format", "json");
            tool.WaitForLine("mptcp-dump: listening on lo, link type 1 (ETHERNET)", 60_000, stderr: true);

            byte[] payload = Pattern(20_000, 16);
            string payloadFile = ns.File("payload.bin");
            File.WriteAllBytes(payloadFile, payload);
            LiveProcess server = ns.StartPeer("server", "server", "0.0.0.0", port, "--connections", "1", "--timeout-ms", "30000");
            server.WaitForLine("listening", 30_000);
            LiveProcess client = ns.StartPeer("client", "client", "127.0.0.1", port, "--send", payloadFile, "--timeout-ms", "30000",
                "--chunks", "4", "--delay-ms", "50", "--wait-subflows", "1");
            Assert.True(client.WaitForExit(60_000) && client.ExitCode == 0, client.Transcript());
            Assert.True(server.WaitForExit(30_000) && server.ExitCode == 0, server.Transcript());
            Thread.Sleep(250); // the last ACKs

            Assert.True(tool.Stop(Shell.SigInt, 20_000), $"mptcp-dump did not end on SIGINT\n{tool.Transcript()}");
            Assert.True(tool.ExitCode == 0, tool.Transcript());
            using JsonDocument summary = JsonDocument.Parse(string.Join('\n', tool.Stdout));
            JsonElement connection = Assert.Single(summary.RootElement.GetProperty("connections").EnumerateArray());
            Assert.Equal(2, connection.GetProperty("subflows").GetArrayLength());
            Assert.Equal(payload.Length, connection.GetProperty("client_to_server").GetProperty("bytes").GetInt64());
            Assert.Equal(payload.Length, connection.GetProperty("server_to_client").GetProperty("bytes").GetInt64());
            foreach (JsonProperty check in summary.RootElement.GetProperty("verification").EnumerateObject())
            {
                Assert.True(check.Value.GetProperty("failed").GetInt32() == 0, $"{check.Name} failed\n{tool.Transcript()}");
            }

            Assert.True(summary.RootElement.GetProperty("verification").GetProperty("token").GetProperty("checked").GetInt32() >= 1);
            Assert.True(summary.RootElement.GetProperty("verification").GetProperty("dss_checksum").GetProperty("checked").GetInt32() >= 1);
            string statistics = tool.Stderr.Single(l => l.Contains("packets captured", StringComparison.Ordinal));
            Assert.EndsWith(", 0 dropped by the kernel", statistics, StringComparison.Ordinal);
            output.WriteLine(statistics);
        }
        catch (Exception e) when (e is not SkipException)
        {
            ns.KeepWorkDir = true;
            output.WriteLine(ns.Transcripts());
            throw;
        }
    }
}
