using System.Collections.Generic;
using System.Linq;
using Mptcp.Codec.Capture.Pairing;
using Mptcp.Codec.Cli.Output;

namespace Mptcp.Codec.Cli.Plot;

/// <summary>
/// The one-way delay plot of a pair: each matched segment's delay over its send time, one series per subflow and
/// direction; times in seconds from the connection's first send (each send as its own capture's clock reads it).
/// </summary>
internal static class OwdSeries
{
    public static PlotSeries Of(PairResult pair, int connection, string title)
    {
        var matched = pair.Segments.Where(s => s.Connection == connection && s.Fate == SegmentFate.Matched).ToList();
        long start = matched.Count == 0 ? 0 : matched.Min(s => s.SentNanoseconds!.Value);
        List<Series> lines = [.. matched.GroupBy(s => (s.Subflow, s.Sender)).OrderBy(g => g.Key.Subflow).ThenBy(g => g.Key.Sender)
            .Select(g => PlotCollector.Points($"subflow {g.Key.Subflow} from {Names.Of(g.Key.Sender)}",
                g.Select(s => ((s.SentNanoseconds!.Value - start) / 1e9, s.OneWayDelayNanoseconds!.Value / 1e6, (s.SentIn == PairCapture.A ? s.FrameA : s.FrameB)!.Value))))];
        return new PlotSeries(title, "time (s)", "one-way delay (ms, receiver's capture minus sender's)", lines);
    }
}
