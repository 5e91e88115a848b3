using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// Lines reach a pipe while the input is quiet: three packets written at once into <c>read -</c>, whose input then
/// stays open, come out as three lines within moments, not when a fourth packet (or the end) comes.
/// </summary>
public sealed class QuietInputTests
{
    private static string Tool => Path.Combine(AppContext.BaseDirectory, "mptcp-dump.dll");

    [Theory]
    [InlineData("text", "    3  ")]
    [InlineData("json", "{\"frame\":3,")]
    public async Task Three_packets_then_quiet_give_three_lines(string format, string third)
    {
        byte[] seed = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        int end = 24;
        for (int i = 0; i < 3; i++)
        {
            end += 16 + BitConverter.ToInt32(seed, end + 8);
        }

        var start = new ProcessStartInfo("dotnet", [Tool, "read", "--format", format, "-"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process tool = Process.Start(start)!;
        try
        {
            // Generous for a slow machine; without the idle flush the third line never comes while the input is open.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await tool.StandardInput.BaseStream.WriteAsync(seed.AsMemory(0, end), timeout.Token);
            await tool.StandardInput.BaseStream.FlushAsync(timeout.Token);
            string? line = null;
            for (int i = 0; i < 3; i++)
            {
                line = await tool.StandardOutput.ReadLineAsync(timeout.Token);
            }

            Assert.StartsWith(third, line, StringComparison.Ordinal);
            Assert.False(tool.HasExited, "the tool ended although its input is open");
            tool.StandardInput.Close();
            await tool.WaitForExitAsync(timeout.Token);
            Assert.Equal(0, tool.ExitCode);
        }
        finally
        {
            if (!tool.HasExited)
            {
                tool.Kill();
            }
        }
    }
}
