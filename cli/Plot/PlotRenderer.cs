using System.IO;
using ScottPlot;

namespace Mptcp.Codec.Cli.Plot;

/// <summary>
/// Draws a <see cref="PlotSeries"/> with ScottPlot (chosen over OxyPlot for its maintained SVG and PNG back ends through
/// SkiaSharp, with the Linux native library in the package, and a small, direct API): title, axis labels with units,
/// a legend, points or lines per series; to SVG or PNG by the file's extension.
/// </summary>
internal static class PlotRenderer
{
    public static void Save(PlotSeries series, string path, int width, int height)
    {
        var plot = new ScottPlot.Plot();
        plot.Title(series.Title);
        plot.XLabel(series.XLabel);
        plot.YLabel(series.YLabel);
        foreach (Series line in series.Lines)
        {
            if (line.X.Length == 0)
            {
                continue;
            }

            var scatter = line.Points ? plot.Add.ScatterPoints(line.X, line.Y) : plot.Add.ScatterLine(line.X, line.Y);
            scatter.LegendText = line.Name;
            if (line.Points)
            {
                scatter.MarkerSize = 4;
            }
            else
            {
                scatter.LineWidth = 1.5f;
            }
        }

        plot.ShowLegend();
        if (Path.GetExtension(path).Equals(".svg", System.StringComparison.OrdinalIgnoreCase))
        {
            plot.SaveSvg(path, width, height);
        }
        else
        {
            plot.SavePng(path, width, height);
        }
    }
}
