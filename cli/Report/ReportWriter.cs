using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Mptcp.Codec.Capture.Analysis;
using Mptcp.Codec.Capture.Pairing;
using Mptcp.Codec.Cli.Output;
using Mptcp.Codec.Cli.Plot;

namespace Mptcp.Codec.Cli.Report;

/// <summary>What a report holds: the captures' names, the summary's JSON, the plots' data, and a pair's result if one was given.</summary>
internal sealed record ReportContent(IReadOnlyList<string> Files, byte[] SummaryJson, ReportCollector Plots, PairResult? Pair, string? PairFile);

/// <summary>
/// Writes one self-contained HTML file: style, data and script inline, nothing fetched. The tables are written here
/// from <c>summary --format json</c>'s own bytes (each cell carries its JSON path and raw value, so the numbers cannot
/// differ from the summary's), the charts are drawn in the browser by report.js from the data embedded beside them.
/// </summary>
internal static class ReportWriter
{
    /// <summary>Connections that get charts; a capture of thousands gets tables for all and charts for the first ones.</summary>
    public const int ChartedConnections = 20;

    /// <summary>Points per series beyond which every k-th is drawn (the report stays a few megabytes).</summary>
    public const int MaxPoints = 20_000;

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;
    private static readonly IFormatProvider C = CultureInfo.InvariantCulture;

    private static readonly (string Field, string Header)[] ConnectionColumns =
    [
        ("connection", "connection"), ("version", "version"), ("handshake_seen", "handshake seen"), ("checksums", "checksums"), ("fallback", "fell back"),
        ("duration_ns", "duration"), ("client_to_server.bytes", "bytes client>server"), ("server_to_client.bytes", "bytes server>client"),
        ("client_to_server.out_of_order_events", "out of order >"), ("server_to_client.out_of_order_events", "out of order <"),
        ("reinjections.frames", "reinjecting frames"), ("reinjections.mptcp_resends", "MPTCP re-sends"),
    ];

    private static readonly (string Field, string Header)[] SubflowColumns =
    [
        ("subflow", "subflow"), ("role", "role"), ("initiator", "initiator"), ("listener", "listener"), ("backup", "backup"), ("established", "established"), ("reset", "reset"),
        ("from_initiator.segments", "segments >"), ("from_listener.segments", "segments <"), ("initiator_bytes", "bytes >"), ("listener_bytes", "bytes <"),
        ("from_initiator.retransmitted_segments", "TCP retrans. >"), ("from_listener.retransmitted_segments", "TCP retrans. <"),
        ("from_initiator.reinjected_segments", "reinjected >"), ("from_listener.reinjected_segments", "reinjected <"),
        ("from_initiator.rtt.mean_ns", "RTT mean >"), ("from_listener.rtt.mean_ns", "RTT mean <"),
    ];

    private static readonly string[] TotalCounts = ["frames", "streams", "invalid_options", "malformed_option_blocks", "cut_headers", "incomplete_handshakes", "finding_count", "evicted_subflows"];

    public static void Write(TextWriter html, ReportContent content)
    {
        using JsonDocument document = JsonDocument.Parse(content.SummaryJson);
        JsonElement summary = document.RootElement;
        JsonElement[] connections = [.. summary.GetProperty("connections").EnumerateArray()];
        string title = "MPTCP report: " + string.Join(", ", content.Files.Select(Path.GetFileName));
        html.WriteLine("<!DOCTYPE html>");
        html.WriteLine("<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.WriteLine($"<title>{Html.Encode(title)}</title>");
        html.WriteLine($"<style>{Resource("report.css")}</style></head><body>");
        html.WriteLine($"<h1>{Html.Encode(title)}</h1>");
        string version = typeof(ReportWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";
        html.WriteLine($"<p class=\"meta\">{Html.Encode(string.Join(" + ", content.Files))}{(content.PairFile is null ? string.Empty : Html.Encode($", paired with {content.PairFile}"))} · made by mptcp-dump {Html.Encode(version)} · the numbers of <code>mptcp-dump summary --format json</code></p>");

        WriteVerification(html, summary, connections);
        WriteConnections(html, connections);
        if (content.Pair is PairResult pair)
        {
            WritePair(html, pair, content.Files[0], content.PairFile!);
        }

        var charts = new Dictionary<string, PlotSeries>();
        html.WriteLine("<h2 id=\"charts\">Charts</h2>");
        if (connections.Length > ChartedConnections)
        {
            html.WriteLine(string.Create(C, $"<p>Charts of the first {ChartedConnections} of {connections.Length} connections; the tables above have them all.</p>"));
        }

        foreach (JsonElement connection in connections.Take(ChartedConnections))
        {
            int number = connection.GetProperty("connection").GetInt32();
            html.WriteLine(string.Create(C, $"<section class=\"connection-charts\" id=\"connection-{number}\"><h3>Connection {number}</h3><div class=\"charts\">"));
            // A connection that never showed a packet of its own (one the summary knows only from an option) gets empty charts.
            var collectors = content.Plots.TryGet(number, out var seen) ? seen : (Client: new PlotCollector(number, Side.Client), Server: new PlotCollector(number, Side.Server));
            {
                foreach ((string kind, Side side) in new[] { ("sequence", Side.Client), ("sequence", Side.Server), ("throughput", Side.Client), ("throughput", Side.Server), ("rtt", Side.Client), ("rtt", Side.Server) })
                {
                    PlotCollector collector = side == Side.Client ? collectors.Client : collectors.Server;
                    string name = $"{Names.Of(side)} to {Names.Of(side.Other())}";
                    PlotSeries series = kind switch
                    {
                        "sequence" => collector.Sequence($"Data sequence, {name}"),
                        "throughput" => collector.Throughput($"Throughput per subflow, {name}"),
                        _ => collector.Rtt($"Subflow RTT, {name}"),
                    };
                    AddChart(html, charts, string.Create(C, $"c{number}-{kind}-{Names.Of(side)}"), series);
                }
            }

            if (content.Pair is PairResult p && p.Connections.Any(c => c.Connection == number))
            {
                AddChart(html, charts, string.Create(C, $"c{number}-owd"), OwdSeries.Of(p, number, "One-way delay per subflow and direction"));
            }

            html.WriteLine("</div></section>");
        }

        html.Write("<script type=\"application/json\" id=\"summary-data\">");
        html.Write(EscapedForScript(content.SummaryJson));
        html.WriteLine("</script>");
        html.Write("<script type=\"application/json\" id=\"chart-data\">");
        html.Write(ChartJson(charts));
        html.WriteLine("</script>");
        html.WriteLine($"<script>{Resource("report.js")}</script>");
        html.WriteLine("</body></html>");
    }

    private static void WriteVerification(TextWriter html, JsonElement summary, JsonElement[] connections)
    {
        JsonElement verification = summary.GetProperty("verification");
        int failed = verification.EnumerateObject().Sum(p => p.Value.GetProperty("failed").GetInt32());
        int findings = summary.GetProperty("finding_count").GetInt32();
        html.WriteLine("<h2 id=\"verification\">Verification</h2>");
        html.WriteLine(failed == 0 && findings == 0
            ? "<p id=\"verdict\" class=\"ok\">Every check passed; no finding.</p>"
            : string.Create(C, $"<p id=\"verdict\" class=\"bad\">{failed} check(s) failed; {findings} finding(s).</p>"));
        html.WriteLine("<table id=\"verification-table\"><tr><th class=\"text\">check</th><th>checked</th><th>failed</th><th>unverifiable</th></tr>");
        foreach (JsonProperty check in verification.EnumerateObject())
        {
            html.Write($"<tr class=\"check{(check.Value.GetProperty("failed").GetInt32() > 0 ? " failed" : string.Empty)}\" data-check=\"{check.Name}\"><td class=\"text\">{Html.Encode(check.Name.Replace('_', ' '))}</td>");
            foreach (string field in new[] { "checked", "failed", "unverifiable" })
            {
                Cell(html, check.Value, field, $"verification.{check.Name}.{field}");
            }

            html.WriteLine("</tr>");
        }

        html.WriteLine("</table>");
        html.WriteLine("<div class=\"wide\"><table id=\"totals-table\"><tr>" + string.Concat(TotalCounts.Select(t => $"<th>{t.Replace('_', ' ')}</th>")) + "</tr><tr>");
        foreach (string total in TotalCounts)
        {
            Cell(html, summary, total, total);
        }

        html.WriteLine("</tr></table></div>");
        html.WriteLine("<h3>Findings</h3>");
        var rows = new List<(string Connection, JsonElement Finding)>();
        rows.AddRange(connections.SelectMany(c => c.GetProperty("findings").EnumerateArray().Select(f => (c.GetProperty("connection").GetInt32().ToString(C), f))));
        rows.AddRange(summary.GetProperty("findings").EnumerateArray().Select(f => ("none", f)));
        if (rows.Count == 0)
        {
            html.WriteLine("<p id=\"findings\">None.</p>");
            return;
        }

        html.WriteLine("<table id=\"findings\"><tr><th>connection</th><th>frame</th><th class=\"text\">from</th><th class=\"text\">kind</th></tr>");
        foreach ((string connection, JsonElement f) in rows)
        {
            html.WriteLine($"<tr class=\"finding\"><td>{connection}</td><td>{f.GetProperty("frame").GetRawText()}</td><td class=\"text\">{Html.Encode(f.GetProperty("from").GetString() ?? string.Empty)}</td><td class=\"text\">{Html.Encode((f.GetProperty("kind").GetString() ?? string.Empty).Replace('_', ' '))}</td></tr>");
        }

        html.WriteLine("</table>");
    }

    private static void WriteConnections(TextWriter html, JsonElement[] connections)
    {
        html.WriteLine(string.Create(C, $"<h2 id=\"connections\">Connections ({connections.Length})</h2>"));
        html.WriteLine("<div class=\"wide\"><table id=\"connections-table\"><tr>" + string.Concat(ConnectionColumns.Select(c => $"<th>{Html.Encode(c.Header)}</th>")) + "<th>checks failed</th></tr>");
        foreach (JsonElement connection in connections)
        {
            int number = connection.GetProperty("connection").GetInt32();
            int failed = connection.GetProperty("verification").EnumerateObject().Sum(p => p.Value.GetProperty("failed").GetInt32());
            html.Write(string.Create(C, $"<tr class=\"connection{(failed > 0 ? " failed" : string.Empty)}\" data-connection=\"{number}\">"));
            foreach ((string field, _) in ConnectionColumns)
            {
                Cell(html, connection, field, field);
            }

            html.WriteLine(string.Create(C, $"<td>{failed}</td></tr>"));
        }

        html.WriteLine("</table></div>");
        html.WriteLine("<h3>Subflows</h3>");
        html.WriteLine("<div class=\"wide\"><table id=\"subflows-table\"><tr><th>connection</th>" + string.Concat(SubflowColumns.Select(c => $"<th>{Html.Encode(c.Header)}</th>")) + "</tr>");
        foreach (JsonElement connection in connections)
        {
            int number = connection.GetProperty("connection").GetInt32();
            foreach (JsonElement subflow in connection.GetProperty("subflows").EnumerateArray())
            {
                html.Write(string.Create(C, $"<tr class=\"subflow\" data-connection=\"{number}\" data-subflow=\"{subflow.GetProperty("subflow").GetInt32()}\"><td>{number}</td>"));
                foreach ((string field, _) in SubflowColumns)
                {
                    Cell(html, subflow, field, field);
                }

                html.WriteLine("</tr>");
            }
        }

        html.WriteLine("</table></div>");
    }

    private static void WritePair(TextWriter html, PairResult pair, string fileA, string fileB)
    {
        ClockEstimate clock = pair.Clock;
        html.WriteLine("<h2 id=\"pair\">Both ends</h2>");
        html.WriteLine($"<p>A: {Html.Encode(fileA)}; B: {Html.Encode(fileB)}. Clocks {(clock.Disagree ? "<span class=\"bad\">disagree</span>" : "<span class=\"ok\">agree</span>")}" +
            (clock.OffsetNanoseconds is long offset ? Html.Encode(string.Create(C, $"; offset estimate {offset / 1e6:0.###} ms (B minus A)")) : string.Empty) + "</p>");
        html.WriteLine("<div class=\"wide\"><table id=\"pair-table\"><tr><th>connection</th><th>subflow</th><th class=\"text\">direction</th><th>sent in</th><th>sent</th><th>matched</th><th>lost</th><th>seen only at receiver</th><th>OWD min</th><th>median</th><th>p99</th><th>max</th><th>useful reinj.</th><th>redundant</th><th>lost reinj.</th></tr>");
        foreach (SubflowDelay s in pair.Subflows)
        {
            DelayStatistics d = clock.Disagree ? s.CorrectedDelay : s.Delay;
            html.WriteLine(string.Create(C, $"<tr class=\"pair-subflow\" data-connection=\"{s.Connection}\" data-subflow=\"{s.Subflow}\"><td>{s.Connection}</td><td>{s.Subflow}</td><td class=\"text\">{Html.Encode($"{s.Source} > {s.Destination}")}</td><td>{s.SentIn}</td><td>{s.Sent}</td><td>{s.Matched}</td><td>{s.Lost}</td><td>{s.SeenOnlyAtReceiver}</td>") +
                $"{Ms(d.MinNanoseconds)}{Ms(d.MedianNanoseconds)}{Ms(d.P99Nanoseconds)}{Ms(d.MaxNanoseconds)}" +
                string.Create(C, $"<td>{s.Reinjections.Useful}</td><td>{s.Reinjections.Redundant}</td><td>{s.Reinjections.Lost}</td></tr>"));
        }

        html.WriteLine("</table></div>");
    }

    private static string Ms(long nanoseconds) => string.Create(C, $"<td data-value=\"{nanoseconds}\">{nanoseconds / 1e6:0.###} ms</td>");

    /// <summary>A cell: the raw JSON value in data-value, its JSON path in data-field, and a reading for people.</summary>
    private static void Cell(TextWriter html, JsonElement owner, string path, string field)
    {
        JsonElement? value = Output.Parquet.JsonValues.Find(owner, path);
        string raw = value is JsonElement e ? (e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()) : string.Empty;
        string shown = value switch
        {
            null => "",
            { ValueKind: JsonValueKind.True } => "yes",
            { ValueKind: JsonValueKind.False } => "no",
            JsonElement n when path.EndsWith("_ns", StringComparison.Ordinal) && n.ValueKind == JsonValueKind.Number => string.Create(C, $"{n.GetInt64() / 1e6:0.###} ms"),
            _ => raw,
        };
        bool text = value is { ValueKind: JsonValueKind.String };
        html.Write($"<td{(text ? " class=\"text\"" : string.Empty)} data-field=\"{Html.Encode(field)}\" data-value=\"{Html.Encode(raw)}\">{Html.Encode(shown)}</td>");
    }

    private static void AddChart(TextWriter html, Dictionary<string, PlotSeries> charts, string id, PlotSeries series)
    {
        charts[id] = series;
        html.WriteLine($"<div class=\"chart\" id=\"{id}\" data-chart=\"{id}\"></div>");
    }

    private static string ChartJson(Dictionary<string, PlotSeries> charts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach ((string id, PlotSeries series) in charts)
            {
                json.WriteStartObject(id);
                json.WriteString("title", series.Title);
                json.WriteString("xLabel", series.XLabel);
                json.WriteString("yLabel", series.YLabel);
                int stride = Math.Max(1, ((series.Lines.Max(l => (int?)l.X.Length) ?? 0) + MaxPoints - 1) / MaxPoints);
                if (stride > 1)
                {
                    json.WriteString("note", string.Create(C, $"Every {stride}th point of each series is drawn."));
                }

                json.WriteStartArray("series");
                foreach (Series line in series.Lines)
                {
                    json.WriteStartObject();
                    json.WriteString("name", line.Name);
                    json.WriteBoolean("points", line.Points);
                    Array(json, "x", line.X, stride);
                    Array(json, "y", line.Y, stride);
                    if (line.Frames is long[] frames)
                    {
                        json.WriteStartArray("frames");
                        for (int i = 0; i < frames.Length; i += stride)
                        {
                            json.WriteNumberValue(frames[i]);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Array(Utf8JsonWriter json, string name, double[] values, int stride)
    {
        json.WriteStartArray(name);
        for (int i = 0; i < values.Length; i += stride)
        {
            json.WriteNumberValue(Math.Round(values[i], 9));
        }

        json.WriteEndArray();
    }

    /// <summary>The summary's JSON as it is, with "&lt;" written \u003C so that no "&lt;/script&gt;" inside a string can end the element.</summary>
    private static string EscapedForScript(byte[] json) => System.Text.Encoding.UTF8.GetString(json).Replace("<", "\\u003C", StringComparison.Ordinal);

    private static string Resource(string name)
    {
        using Stream stream = typeof(ReportWriter).Assembly.GetManifestResourceStream("Mptcp.Codec.Cli.Report." + name)
            ?? throw new InvalidOperationException($"the report's {name} is not in the tool");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
