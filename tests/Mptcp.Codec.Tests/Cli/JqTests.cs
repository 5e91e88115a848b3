using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// jq (like JavaScript) reads JSON numbers as doubles and rounds those above 2^53. Every 64-bit value of the tool's
/// JSON is a string, so jq reads back every line of <c>read --format json</c> and <c>summary --format json</c> of every
/// sample capture unchanged.
/// </summary>
public sealed class JqTests
{
    public static TheoryData<string> Captures()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Samples.Root, "samples", "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Captures))]
    public void JqReadsBackEveryValueUnchanged(string capture)
    {
        string path = Samples.Capture(capture);
        foreach (string command in new[] { "read", "summary" })
        {
            var output = new StringWriter();
            global::Mptcp.Codec.Cli.Cli.Run([command, path, "--format", "json"], output, new StringWriter());
            string ours = output.ToString();
            Assert.NotEmpty(ours);
            Assert.Equal(Lines(ours), Lines(Jq(ours)));
        }
    }

    [Fact]
    public void JqWouldRoundAKeyWrittenAsANumber()
    {
        // The failure this guards against: the seed client's key as a JSON number does not survive jq.
        Assert.NotEqual("{\"key\":9762955910438603656}", Jq("{\"key\":9762955910438603656}").Trim());
        Assert.Equal("{\"key\":\"9762955910438603656\"}", Jq("{\"key\":\"9762955910438603656\"}").Trim());
    }

    private static List<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string Jq(string input)
    {
        var start = new ProcessStartInfo("jq", "-c .") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process jq = Process.Start(start)!;
        // Read while writing: a capture's JSON is larger than the pipes' buffers.
        System.Threading.Tasks.Task<string> output = jq.StandardOutput.ReadToEndAsync();
        System.Threading.Tasks.Task<string> errors = jq.StandardError.ReadToEndAsync();
        jq.StandardInput.Write(input);
        jq.StandardInput.Close();
        string result = output.Result;
        jq.WaitForExit();
        Assert.True(jq.ExitCode == 0, "jq: " + errors.Result);
        return result;
    }
}
