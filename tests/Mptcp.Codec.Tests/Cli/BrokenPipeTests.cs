using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// A closed output stops the work, as it stops tcpdump: through real pipes, <c>read … | head -1</c> ends with the
/// status tcpdump ends with (14, its "Unable to write output"), without a word on stderr, and a tool fed by an open
/// pipe stops reading it.
/// </summary>
public sealed class BrokenPipeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-pipe-").FullName;

    private static string Tool => Path.Combine(AppContext.BaseDirectory, "mptcp-dump.dll");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Read_into_head_ends_as_tcpdump_does()
    {
        string capture = Path.Combine(_folder, "big.pcap");
        Assert.Equal(0, global::Mptcp.Codec.Tests.Cli.Tool.Run("synth", capture, "--connections", "10", "--packets", "100000").Exit);
        // The listing is megabytes, far more than a pipe holds: each writer meets the closed pipe.
        (int tcpdump, string tcpdumpOut, string tcpdumpError) = Pipeline($"tcpdump -n -r '{capture}' | head -1");
        (int ours, string oursOut, string oursError) = Pipeline($"dotnet '{Tool}' read '{capture}' | head -1");
        Assert.Equal(14, tcpdump); // tcpdump 4.99: S_ERR_ND_WRITE_FILE
        Assert.Contains("Unable to write output: Broken pipe", tcpdumpError, StringComparison.Ordinal);
        Assert.Equal((tcpdump, string.Empty), (ours, oursError));
        Assert.Single(oursOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Single(tcpdumpOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_closed_output_stops_the_reading_of_an_open_pipe()
    {
        byte[] seed = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        var start = new ProcessStartInfo("dotnet", [Tool, "read", "-"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process tool = Process.Start(start)!;
        Task<string> errors = tool.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The file header, then the seed's records again and again for as long as the tool reads them.
        await tool.StandardInput.BaseStream.WriteAsync(seed.AsMemory(0, 24), timeout.Token);
        Task<bool> feeding = Task.Run(async () =>
        {
            try
            {
                while (!timeout.IsCancellationRequested)
                {
                    await tool.StandardInput.BaseStream.WriteAsync(seed.AsMemory(24), timeout.Token);
                    await tool.StandardInput.BaseStream.FlushAsync(timeout.Token);
                }

                return false;
            }
            catch (IOException)
            {
                return true; // the tool is gone: its input pipe has no reader
            }
        });

        Assert.StartsWith("    1  ", await tool.StandardOutput.ReadLineAsync(timeout.Token));
        tool.StandardOutput.Close(); // the reader goes away, as head does after its line
        await tool.WaitForExitAsync(timeout.Token);
        Assert.True(await feeding, "the tool's input was still being read after its output closed");
        Assert.Equal((14, string.Empty), (tool.ExitCode, await errors));
    }

    private static (int Exit, string Output, string Error) Pipeline(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command + "; exit ${PIPESTATUS[0]}"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process shell = Process.Start(start)!;
        Task<string> output = shell.StandardOutput.ReadToEndAsync();
        Task<string> error = shell.StandardError.ReadToEndAsync();
        Assert.True(shell.WaitForExit(60_000), $"{command}: still running after 60 s");
        return (shell.ExitCode, output.Result, error.Result);
    }
}
