using System;
using System.IO;
using System.Linq;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>summary a b c …</c> (issue 15): the pieces of one run, as <c>tcpdump -C</c>/<c>-G</c> leaves them (here cut by
/// editcap, one piece rewritten as pcapng and one gzip-compressed, as rotated captures are), are analysed as one trace:
/// the summary is the whole capture's, octet for octet, so a connection split across the files is one connection.
/// </summary>
public sealed class RotatedCaptureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-rotated-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("v1-stall-reinject.pcap", 300)]
    [InlineData("v1-loss-reinject.pcap", 97)]
    [InlineData("v1-csum-ipv4.pcap", 10)]
    public void ThePiecesOfOneRunSummariseAsTheWhole(string name, int packetsPerPiece)
    {
        string whole = Samples.Capture(name);
        ExternalTool.Run("editcap", ["-c", packetsPerPiece.ToString(System.Globalization.CultureInfo.InvariantCulture), whole, Path.Combine(_folder, "piece.pcap")]);
        string[] pieces = Directory.GetFiles(_folder, "piece_*.pcap").Order(StringComparer.Ordinal).ToArray();
        Assert.True(pieces.Length >= 3, $"{pieces.Length} pieces");

        // One piece as pcapng, one compressed: each file is told by its own header.
        string pcapng = Path.ChangeExtension(pieces[1], ".pcapng");
        ExternalTool.Run("editcap", ["-F", "pcapng", pieces[1], pcapng]);
        ExternalTool.Run("gzip", ["-k", pieces[2]]);
        string[] mixed = [pieces[0], pcapng, pieces[2] + ".gz", .. pieces[3..]];

        (int exit, string expected, _) = Tool.Run("summary", whole, "--format", "json");
        (int piecesExit, string got, string errors) = Tool.Run(["summary", .. mixed, "--format", "json"]);
        Assert.Equal(exit, piecesExit);
        Assert.Equal(string.Empty, errors);
        Assert.Equal(expected, got);
    }

    [Fact]
    public void StandardInputIsNotMixedWithFiles()
    {
        (int exit, _, string errors) = Tool.Run("summary", Samples.Capture("seed-echo.pcap"), "-");
        Assert.Equal(2, exit);
        Assert.Equal("mptcp-dump: standard input (-) is read alone, not with other files", errors.Trim());
    }
}
