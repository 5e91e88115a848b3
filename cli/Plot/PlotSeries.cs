using System;
using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Capture;
using Mptcp.Codec.Capture.Analysis;

namespace Mptcp.Codec.Cli.Plot;

/// <summary>What a plot shows, as data (issue 15): one series per subflow, and the lines drawn over them; times in seconds from the connection's first segment.</summary>
internal sealed record PlotSeries(string Title, string XLabel, string YLabel, IReadOnlyList<Series> Lines);

/// <summary>One series: its name (the legend), its points, whether it is drawn as points or as a line, and each point's frame (for a report's hover; null for binned series).</summary>
internal sealed record Series(string Name, double[] X, double[] Y, bool Points, long[]? Frames = null);

/// <summary>
/// Collects, in one pass of the analysis, what the three plot kinds of one connection and one data direction need:
/// each data segment's time, DSN (relative), subflow, length and whether it is a reinjection; the DATA_ACKs of the
/// other side; and each subflow RTT sample.
/// </summary>
internal sealed class PlotCollector(int connection, Side sender) : IPacketObserver
{
    private readonly List<(double Time, double Dsn, int Subflow, int Length, bool Reinjection, long Frame)> _data = [];
    private readonly List<(double Time, double Ack, long Frame)> _acks = [];
    private int _unframedRtts;
    private long _start = -1;

    public MptcpConnection? Connection { get; private set; }

    /// <summary>RTT samples (time, milliseconds, subflow number, the frame whose acknowledgement gave it), from the analysis' callback.</summary>
    public List<(double Time, double Milliseconds, int Subflow, long Frame)> Rtts { get; } = [];

    public void OnPacket(in CapturedFrame frame, in AnalyzedPacket packet)
    {
        // The analysis measures while it takes a frame, before showing it: the samples since the last frame are this one's.
        for (; _unframedRtts > 0; _unframedRtts--)
        {
            Rtts[^_unframedRtts] = Rtts[^_unframedRtts] with { Frame = frame.FrameNumber };
        }

        if (packet.Subflow is not Subflow subflow || subflow.Connection is not MptcpConnection c || c.Number != connection)
        {
            return;
        }

        Connection = c;
        if (_start < 0)
        {
            _start = subflow.Connection.Subflows[0].FirstSeenNanoseconds;
        }

        double time = Seconds(frame.TimestampNanoseconds);
        bool fromInitiator = packet.Segment.Source == subflow.Initiator.Address && packet.Segment.SourcePort == subflow.Initiator.Port;
        bool fromSender = (fromInitiator ? subflow.InitiatorSide : subflow.InitiatorSide == Side.Client ? Side.Server : Side.Client) == sender;
        if (fromSender && packet.DataLevel.Dsn is ulong dsn && packet.Segment.PayloadLength > 0)
        {
            _data.Add((time, dsn, subflow.Number, packet.Segment.PayloadLength, !packet.ReinjectionOf.IsEmpty, frame.FrameNumber));
        }
        else if (!fromSender && packet.DataLevel.Ack is ulong ack)
        {
            _acks.Add((time, ack, frame.FrameNumber));
        }
    }

    /// <summary>The analysis' RTT callback: keeps the samples of this connection's sender direction.</summary>
    public void OnRtt(RttSample sample)
    {
        if (sample.Subflow.Connection?.Number == connection && sample.Sender == sender && !sample.DataLevel)
        {
            Rtts.Add((Seconds(sample.TimeNanoseconds), sample.RttNanoseconds / 1e6, sample.Subflow.Number, 0));
            _unframedRtts++;
        }
    }

    /// <summary>The data-level sequence graph: each segment's DSN over time, one colour per subflow, reinjections apart, the DATA_ACK line.</summary>
    public PlotSeries Sequence(string title) => new(title, "time (s)", "data sequence number (relative, octets)",
    [
        .. Subflows().Select(s => Points($"subflow {s}", _data.Where(d => d.Subflow == s && !d.Reinjection).Select(d => (d.Time, d.Dsn, d.Frame)))),
        Points("reinjections", _data.Where(d => d.Reinjection).Select(d => (d.Time, d.Dsn, d.Frame))),
        Points("DATA_ACK", _acks.Select(a => (a.Time, a.Ack, a.Frame))) with { Points = false },
    ]);

    /// <summary>Each subflow's throughput in bins of a fiftieth of the connection's duration (at least 1 ms), in Mbit/s.</summary>
    public PlotSeries Throughput(string title)
    {
        double end = _data.Count == 0 ? 0 : _data.Max(d => d.Time);
        double bin = Math.Max(end / 50, 0.001);
        int bins = (int)(end / bin) + 1;
        var lines = new List<Series>();
        foreach (int s in Subflows())
        {
            double[] octets = new double[bins];
            foreach (var d in _data.Where(d => d.Subflow == s))
            {
                octets[(int)(d.Time / bin)] += d.Length;
            }

            lines.Add(new Series($"subflow {s}", [.. Enumerable.Range(0, bins).Select(i => (i + 0.5) * bin)], [.. octets.Select(o => o * 8 / bin / 1e6)], Points: false));
        }

        return new PlotSeries(title, "time (s)", $"throughput (Mbit/s, bins of {bin * 1000:0.###} ms)", lines);
    }

    /// <summary>Each subflow's RTT samples over time, in milliseconds.</summary>
    public PlotSeries Rtt(string title) => new(title, "time (s)", "subflow RTT (ms)",
        [.. Rtts.Select(r => r.Subflow).Distinct().Order().Select(s => Points($"subflow {s}", Rtts.Where(r => r.Subflow == s).Select(r => (r.Time, r.Milliseconds, r.Frame))))]);

    /// <summary>A series of points, each with its frame.</summary>
    public static Series Points(string name, IEnumerable<(double X, double Y, long Frame)> points)
    {
        var list = points.ToList();
        return new Series(name, [.. list.Select(p => p.X)], [.. list.Select(p => p.Y)], Points: true, [.. list.Select(p => p.Frame)]);
    }

    private IEnumerable<int> Subflows() => _data.Select(d => d.Subflow).Distinct().Order();

    private double Seconds(long nanoseconds) => (nanoseconds - Math.Max(_start, 0)) / 1e9;
}
