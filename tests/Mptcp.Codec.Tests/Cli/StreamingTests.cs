using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>read -</c> on a pipe that stays open (<c>tcpdump -w - | mptcp-dump read -</c>, or a live capture): the lines of
/// the packets that came must come out before the input ends, although the listing formats in batches of 2,048.
/// </summary>
public sealed class StreamingTests
{
    [Fact]
    public async Task LinesOfAnOpenPipeComeBeforeItsEnd()
    {
        byte[] capture = File.ReadAllBytes(Samples.Capture("seed-echo.pcap"));
        // The file header and the first three records (IPv4 raw, 16-octet record headers).
        int end = 24;
        for (int i = 0; i < 3; i++)
        {
            end += 16 + BitConverter.ToInt32(capture, end + 8);
        }

        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "mptcp-dump.dll"), "read", "-"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using Process tool = Process.Start(start)!;
        await tool.StandardInput.BaseStream.WriteAsync(capture.AsMemory(0, end));
        await tool.StandardInput.BaseStream.FlushAsync();

        // The first packet's line comes at once (nothing was written in the last 100 ms), the next ones within 100 ms
        // of their packet once another comes: three lines while the pipe is still open.
        string?[] lines = new string?[3];
        using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(20));
        lines[0] = await tool.StandardOutput.ReadLineAsync(timeout.Token);
        await Task.Delay(150);
        int next = end + 16 + BitConverter.ToInt32(capture, end + 8);
        await tool.StandardInput.BaseStream.WriteAsync(capture.AsMemory(end, next - end));
        await tool.StandardInput.BaseStream.FlushAsync();
        lines[1] = await tool.StandardOutput.ReadLineAsync(timeout.Token);
        lines[2] = await tool.StandardOutput.ReadLineAsync(timeout.Token);
        Assert.False(tool.HasExited, "the tool ended before its input did");

        tool.StandardInput.Close();
        string rest = await tool.StandardOutput.ReadToEndAsync(timeout.Token);
        await tool.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, tool.ExitCode);
        for (int i = 0; i < 3; i++)
        {
            Assert.StartsWith($"{i + 1,5}  ", lines[i]);
        }

        Assert.Contains("    4  ", rest, StringComparison.Ordinal);
    }
}
