using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using DuckDB.NET.Data;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Pairing;
using Mptcp.Codec.Tests.Support;
using Xunit.Abstractions;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>mptcp-dump pair</c> on the sample pair (one kernel run captured at the client and at the server, the first path
/// black-holed for a second at a router between them; samples/captures/README.md): tshark judges every match, delay
/// and reinjection verdict; swapping the captures mirrors the answer; a clock set wrong is seen and taken out; the
/// Parquet export is the JSON's segments, read back by DuckDB.
/// </summary>
public sealed class PairCommandTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string Client = Repository.Path("samples", "captures", "v1-pair-client.pcap");
    private static readonly string Server = Repository.Path("samples", "captures", "v1-pair-server.pcap");
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-pair-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Every_match_delay_and_verdict_is_as_tshark_reads_both_captures()
    {
        string[] lines = Json(Client, Server);
        TsharkPair.Counts counts = TsharkPair.AssertAgree(Client, Server, lines);
        output.WriteLine(counts.ToString());
        Assert.Equal(0, counts.SeenOnlyAtReceiver);
        Assert.True(counts.Lost > 0 && counts.Useful > 0 && counts.VerdictsCheckedByTshark > 0, counts.ToString());
        // Only the black-holed path (10.31.1.1) lost anything.
        Assert.All(Objects(lines, "lost"), o => Assert.True(o.GetProperty("src").GetString() == "10.31.1.1" || o.GetProperty("dst").GetString() == "10.31.1.1", o.ToString()));
    }

    [Fact]
    public void Swapping_the_captures_mirrors_the_answer()
    {
        PairResult ab = CapturePair.Match(Client, Server), ba = CapturePair.Match(Server, Client);
        var mirrored = ab.Segments.Where(s => s.Fate == SegmentFate.Matched).Select(s => (s.FrameB, s.FrameA, s.OneWayDelayNanoseconds)).Order().ToList();
        Assert.Equal(mirrored, ba.Segments.Where(s => s.Fate == SegmentFate.Matched).Select(s => (s.FrameA, s.FrameB, s.OneWayDelayNanoseconds)).Order().ToList());
        Assert.Equal(ab.Segments.Count(s => s.Fate == SegmentFate.Lost), ba.Segments.Count(s => s.Fate == SegmentFate.Lost));
        Assert.Equal(-ab.Clock.OffsetNanoseconds!.Value, ba.Clock.OffsetNanoseconds!.Value, 1.0);
        Assert.All(ab.Subflows, s => Assert.Equal(s.SentIn == PairCapture.A ? PairCapture.B : PairCapture.A,
            ba.Subflows.Single(t => t.Connection == s.Connection && t.Subflow == s.Subflow && t.Sender == s.Sender).SentIn));
    }

    [Fact]
    public void A_clock_set_fifty_milliseconds_ahead_is_seen_and_taken_out()
    {
        const long Skew = 50_000_000;
        string shifted = Path.Combine(_folder, "server-ahead.pcap");
        using (CaptureReader reader = CaptureReader.Open(Server))
        using (CaptureWriter writer = CaptureWriter.Create(shifted))
        {
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                Assert.True(writer.TryWrite(frame.TimestampNanoseconds + Skew, frame.LinkType, frame.OriginalLength, frame.Data));
            }
        }

        PairResult right = CapturePair.Match(Client, Server), wrong = CapturePair.Match(Client, shifted);
        Assert.False(right.Clock.Disagree);
        Assert.True(wrong.Clock.Disagree && wrong.Clock.NegativeDelays > 0, wrong.Clock.ToString());
        Assert.Equal(right.Clock.OffsetNanoseconds!.Value + Skew, wrong.Clock.OffsetNanoseconds!.Value, 1.0);
        foreach (SubflowDelay s in right.Subflows)
        {
            SubflowDelay t = wrong.Subflows.Single(x => x.Connection == s.Connection && x.Subflow == s.Subflow && x.Sender == s.Sender);
            Assert.Equal(s.Delay.MinNanoseconds + (s.SentIn == PairCapture.A ? Skew : -Skew), t.Delay.MinNanoseconds);
            Assert.Equal(s.CorrectedDelay.MedianNanoseconds, t.CorrectedDelay.MedianNanoseconds, 1.0);
        }

        (int exit, string text, _) = Tool.Run("pair", Client, shifted);
        Assert.Equal(0, exit);
        Assert.Contains("clocks disagree: ", text, StringComparison.Ordinal);
        Assert.Contains("(corrected ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_nat_between_the_captures_changes_no_match()
    {
        // The server's capture as a NAT in front of it would have it: 10.31.3.1:20180 is 192.0.2.1:8080 there.
        string natted = Path.Combine(_folder, "server-natted.pcap");
        using (CaptureReader reader = CaptureReader.Open(Server))
        using (CaptureWriter writer = CaptureWriter.Create(natted))
        {
            while (reader.TryReadNext(out CapturedFrame frame))
            {
                byte[] data = frame.Data.ToArray();
                Assert.Equal(276, frame.LinkType); // LINUX_SLL2: the IP header after 20 octets
                if (data.Length > 40 && data[20] >> 4 == 4 && data[29] == 6)
                {
                    int tcp = 20 + (data[20] & 0xf) * 4;
                    foreach (int at in new[] { 32, 36 })
                    {
                        if (data.AsSpan(at, 4).SequenceEqual(new byte[] { 10, 31, 3, 1 }))
                        {
                            new byte[] { 192, 0, 2, 1 }.CopyTo(data, at);
                        }
                    }

                    foreach (int at in new[] { tcp, tcp + 2 })
                    {
                        if (BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(at)) == 20180)
                        {
                            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(at), 8080);
                        }
                    }
                }

                Assert.True(writer.TryWrite(frame.TimestampNanoseconds, frame.LinkType, frame.OriginalLength, data));
            }
        }

        PairResult direct = CapturePair.Match(Client, Server), throughNat = CapturePair.Match(Client, natted);
        Assert.Equal(0, throughNat.UnpairedSubflows);
        Assert.Equal(direct.Segments.Select(s => (s.FrameA, s.FrameB, s.Fate, s.OneWayDelayNanoseconds)), throughNat.Segments.Select(s => (s.FrameA, s.FrameB, s.Fate, s.OneWayDelayNanoseconds)));
        Assert.All(throughNat.Subflows.Where(s => s.SentIn == PairCapture.B), s => Assert.Equal("192.0.2.1.8080", s.Source.ToString()));
    }

    [Fact]
    public void The_parquet_export_is_the_json_segments()
    {
        string parquet = Path.Combine(_folder, "pair.parquet");
        Assert.Equal(0, Tool.Run("pair", Client, Server, "--format", "parquet", "-o", parquet).Exit);
        JsonElement[] segments = [.. Objects(Json(Client, Server), "segment", "lost", "seen_only_at_receiver")];
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), CAST(sum(owd_ns) AS BIGINT), count(frame_b), count(reinjection) FROM read_parquet('{parquet.Replace("'", "''", StringComparison.Ordinal)}')";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(segments.Length, Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
        Assert.Equal(segments.Where(o => o.GetProperty("owd_ns").ValueKind == JsonValueKind.String).Sum(o => long.Parse(o.GetProperty("owd_ns").GetString()!, CultureInfo.InvariantCulture)),
            Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        Assert.Equal(segments.Count(o => o.GetProperty("frame_b").ValueKind == JsonValueKind.Number), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
        Assert.Equal(segments.Count(o => o.TryGetProperty("reinjection", out _)), Convert.ToInt32(reader.GetValue(3), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_owd_plot_has_a_series_per_subflow_direction_with_its_matches()
    {
        string[] lines = Json(Client, Server);
        var expected = Objects(lines, "subflow").Select(o => (o.GetProperty("subflow").GetInt32(), o.GetProperty("sender").GetString(), o.GetProperty("matched").GetInt32())).ToList();
        global::Mptcp.Codec.Cli.Plot.PlotSeries series = global::Mptcp.Codec.Cli.Commands.PlotCommand.OwdSeries(Client, Server, 1, TextWriter.Null)!;
        Assert.Equal(expected.Select(e => $"subflow {e.Item1} from {e.Item2}").Order(), series.Lines.Select(l => l.Name).Order());
        Assert.All(expected, e => Assert.Equal(e.Item3, series.Lines.Single(l => l.Name == $"subflow {e.Item1} from {e.Item2}").X.Length));
        string png = Path.Combine(_folder, "owd.png");
        Assert.Equal(0, Tool.Run("plot", Client, "--pair", Server, "--kind", "owd", "-o", png).Exit);
        Assert.True(new FileInfo(png).Length > 1000);
    }

    [Theory]
    [InlineData("pair -", "standard input (-) is not one of them")]
    [InlineData("pair missing.pcap", "missing.pcap")]
    [InlineData("plot CLIENT --kind owd -o x.png", "--kind owd needs the other end's capture")]
    [InlineData("plot CLIENT --pair SERVER -o x.png", "--pair is for --kind owd")]
    [InlineData("pair CLIENT SERVER -o x.parquet", "-o FILE is for --format parquet")]
    public void Bad_usage_is_one_line_and_exit_2(string command, string message)
    {
        string[] args = [.. command.Split(' ').Select(a => a == "CLIENT" ? Client : a == "SERVER" ? Server : a == "x.png" || a == "x.parquet" ? Path.Combine(_folder, a) : a)];
        if (args.Length == 2)
        {
            args = [.. args, Server];
        }

        (int exit, _, string error) = Tool.Run(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Delay_statistics_are_by_nearest_rank()
    {
        var delays = Enumerable.Range(1, 200).Select(i => (long)(201 - i) * 10).ToList();
        Assert.Equal(new DelayStatistics(200, 10, 1005, 1000, 1980, 2000), DelayStatistics.Of(delays));
        Assert.Equal(default, DelayStatistics.Of([]));
    }

    private static string[] Json(string a, string b)
    {
        (int exit, string text, string error) = Tool.Run("pair", a, b, "--format", "json");
        Assert.True(exit == 0, error);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static IEnumerable<JsonElement> Objects(string[] lines, params string[] types) =>
        lines.Select(l => JsonDocument.Parse(l).RootElement).Where(o => types.Contains(o.GetProperty("type").GetString()));
}
