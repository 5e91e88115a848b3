using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Cli.Commands;
using Mptcp.Codec.Cli.Plot;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>mptcp-dump plot</c> (issue 15): every kind renders for every sample capture as a PNG of the asked size and an SVG
/// that parses; and the plotted series are the analysis' figures: the throughput bins add up to each subflow's payload
/// octets, the RTT points are each subflow's RTT samples, the reinjection points are the reinjections, the DATA_ACK
/// line ends at the highest DATA_ACK.
/// </summary>
public sealed class PlotTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Pictures()
    {
        var data = new TheoryData<string, string>();
        foreach (string path in Directory.GetFiles(Repository.Path("samples", "captures"), "*.pcap").Order(StringComparer.Ordinal))
        {
            foreach (string kind in new[] { "sequence", "throughput", "rtt" })
            {
                data.Add(Path.GetFileName(path), kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pictures))]
    public void EveryKindRendersAsPngOfTheAskedSizeAndAsSvg(string name, string kind)
    {
        string png = Path.Combine(_folder, $"{name}-{kind}.png"), svg = Path.Combine(_folder, $"{name}-{kind}.svg");
        Assert.Equal(0, Tool.Run("plot", Samples.Capture(name), "--kind", kind, "-o", png, "--width", "800", "--height", "500").Exit);
        Assert.Equal(0, Tool.Run("plot", Samples.Capture(name), "--kind", kind, "-o", svg, "--width", "640", "--height", "480").Exit);

        // PNG: the signature, then IHDR with the width and height (RFC 2083 §4.1.1).
        byte[] image = File.ReadAllBytes(png);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, image[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(image, 12, 4));
        Assert.Equal((800, 500), (BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20))));

        XElement root = XDocument.Load(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal(("640", "480"), (root.Attribute("width")?.Value, root.Attribute("height")?.Value));
        Assert.Contains("MPTCP connection 1", root.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1-stall-reinject.pcap", "client")]
    [InlineData("v1-stall-reinject.pcap", "server")]
    [InlineData("v1-loss-reinject.pcap", "client")]
    public void ThePlottedSeriesAreTheAnalysisFigures(string name, string direction)
    {
        string path = Samples.Capture(name);
        Side sender = direction == "server" ? Side.Server : Side.Client;
        MptcpConnection connection = Assert.Single(MptcpAnalysis.Analyze(path).Connections);
        PlotSeries throughput = PlotCommand.Series(path, 1, "throughput", sender, TextWriter.Null)!;
        PlotSeries rtt = PlotCommand.Series(path, 1, "rtt", sender, TextWriter.Null)!;
        PlotSeries sequence = PlotCommand.Series(path, 1, "sequence", sender, TextWriter.Null)!;
        double bin = throughput.Lines[0].X[1] - throughput.Lines[0].X[0];
        foreach (Subflow subflow in connection.Subflows)
        {
            SubflowTraffic traffic = subflow.InitiatorSide == sender ? subflow.FromInitiator : subflow.FromListener;
            Series? line = throughput.Lines.SingleOrDefault(l => l.Name == $"subflow {subflow.Number}");
            double octets = line is null ? 0 : line.Y.Sum() * 1e6 / 8 * bin;
            Assert.Equal(traffic.PayloadOctets, (long)Math.Round(octets));
            Series? points = rtt.Lines.SingleOrDefault(l => l.Name == $"subflow {subflow.Number}");
            Assert.Equal(traffic.Rtt.Samples, points?.X.Length ?? 0);
            output.WriteLine($"{name} {direction} subflow {subflow.Number}: {traffic.PayloadOctets} octets, {traffic.Rtt.Samples} RTT samples");
        }

        Assert.Equal(connection.ReinjectionPairs.Where(r => r.Sender == sender).Select(r => r.Frame).Distinct().Count(), sequence.Lines.Single(l => l.Name == "reinjections").X.Length);
        Assert.Equal((double)(connection.Stream(sender).HighestDataAck!.Value + 1), sequence.Lines.Single(l => l.Name == "DATA_ACK").Y.Max());
    }
}
