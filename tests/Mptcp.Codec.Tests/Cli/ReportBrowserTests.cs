using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;
using Mptcp.Codec.Tests.Support;

namespace Mptcp.Codec.Tests.Cli;

/// <summary>
/// <c>mptcp-dump report</c> opened in a real browser: Debian's headless Chromium (test.sh installs it) driven by
/// Playwright. The page must load with every request refused but its own file (it is self-contained), log no error,
/// have a row per connection and per subflow whose every cell is the value <c>summary --format json</c> gives, draw
/// every chart, show a frame number when the pointer is on a point, zoom on a drag, and look like something.
/// </summary>
public sealed class ReportBrowserTests : IAsyncLifetime, IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _folder = Directory.CreateTempSubdirectory("mptcp-report-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: test.sh installs Debian's chromium package");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Captures() =>
        ["v1-stall-reinject.pcap", "seed-echo.pcap", "v1-ipv6.pcap", "findings/unknown-token.pcap", "findings/unexpected-checksum.pcap"];

    [Theory(Timeout = 120_000)]
    [MemberData(nameof(Captures))]
    public async Task The_report_of_a_sample_capture_holds_the_summary_and_draws(string capture)
    {
        string path = Repository.Path("samples", "captures", capture);
        await AssertReport([path], path, pair: null);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_report_of_a_pair_adds_both_ends_and_the_delay_chart()
    {
        string a = Repository.Path("samples", "captures", "v1-pair-client.pcap"), b = Repository.Path("samples", "captures", "v1-pair-server.pcap");
        IPage page = await AssertReport([a, "--pair", b], a, pair: b);
        (int Exit, string Output, string Error) pair = Tool.Run("pair", a, b, "--format", "json");
        JsonElement[] subflows = [.. pair.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).Where(o => o.GetProperty("type").GetString() == "subflow")];
        string[][] rows = await page.EvaluateAsync<string[][]>("() => [...document.querySelectorAll('tr.pair-subflow')].map(r => [...r.cells].map(c => c.textContent))");
        Assert.Equal(subflows.Length, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            Assert.Equal(subflows[i].GetProperty("sent").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][4]);
            Assert.Equal(subflows[i].GetProperty("matched").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][5]);
            Assert.Equal(subflows[i].GetProperty("lost").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), rows[i][6]);
        }

        Assert.Equal(1, await page.Locator(".chart[data-chart='c1-owd'] svg").CountAsync());
        await page.CloseAsync();
    }

    private async Task<IPage> AssertReport(string[] arguments, string summaryOf, string? pair)
    {
        string html = Path.Combine(_folder, Path.GetFileNameWithoutExtension(summaryOf) + ".html");
        (int exit, _, string error) = Tool.Run(["report", .. arguments, "-o", html]);
        (int summaryExit, string summaryJson, _) = Tool.Run("summary", summaryOf, "--format", "json");
        Assert.True(exit == summaryExit, $"report exited {exit}, summary {summaryExit}: {error}");
        using JsonDocument document = JsonDocument.Parse(summaryJson);
        JsonElement[] connections = [.. document.RootElement.GetProperty("connections").EnumerateArray()];

        IPage page = await _browser!.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, message) => errors.Add("page error: " + message);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal) && route.Request.Url.EndsWith(".html", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                refused.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        await page.GotoAsync(new Uri(html).AbsoluteUri);

        // A row per connection and per subflow, each cell the summary's value at its path.
        Assert.Equal(connections.Length, await page.Locator("tr.connection").CountAsync());
        Assert.Equal(connections.Sum(c => c.GetProperty("subflows").GetArrayLength()), await page.Locator("tr.subflow").CountAsync());
        Cell[] cells = await page.EvaluateAsync<Cell[]>(
            "() => [...document.querySelectorAll('tr.connection td[data-field], tr.subflow td[data-field]')].map(td => ({ connection: +td.parentElement.dataset.connection, subflow: +(td.parentElement.dataset.subflow || 0), field: td.dataset.field, value: td.dataset.value }))");
        Assert.NotEmpty(cells);
        foreach (Cell cell in cells)
        {
            JsonElement connection = connections.Single(c => c.GetProperty("connection").GetInt32() == cell.Connection);
            JsonElement owner = cell.Subflow == 0 ? connection : connection.GetProperty("subflows").EnumerateArray().Single(s => s.GetProperty("subflow").GetInt32() == cell.Subflow);
            Assert.True(Raw(owner, cell.Field) == cell.Value, $"connection {cell.Connection} subflow {cell.Subflow} {cell.Field}: '{cell.Value}' in the report, '{Raw(owner, cell.Field)}' in the summary");
        }

        foreach (JsonProperty check in document.RootElement.GetProperty("verification").EnumerateObject())
        {
            string failed = await page.Locator($"tr[data-check='{check.Name}'] td[data-field$='.failed']").GetAttributeAsync("data-value") ?? "?";
            Assert.Equal(check.Value.GetProperty("failed").GetRawText(), failed);
        }

        int findings = document.RootElement.GetProperty("finding_count").GetInt32();
        Assert.Equal(findings, await page.Locator("tr.finding").CountAsync());

        // Every chart drawn; the pointer on a point shows its frame; a drag zooms in.
        int charts = await page.Locator(".chart[data-chart]").CountAsync();
        Assert.Equal(Math.Min(connections.Length, 20) * 6 + (pair is null ? 0 : 1), charts);
        Assert.Equal(charts.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("body").GetAttributeAsync("data-charts-drawn"));
        if (charts > 0)
        {
            string id = (await page.Locator(".chart[data-chart]").First.GetAttributeAsync("id"))!;
            await page.Locator("#" + id).ScrollIntoViewIfNeededAsync();
            Point point = await page.EvaluateAsync<Point>(
                // The point farthest from every other, so that the pointer is on it and on no other.
                "id => { const box = document.getElementById(id), r = box.querySelector('svg').getBoundingClientRect(); let v = null, far = -1;" +
                " for (const p of box.visible) { if (!p.s.frames) continue; let near = Infinity; for (const q of box.visible) { if (q !== p) near = Math.min(near, (q.px - p.px) ** 2 + (q.py - p.py) ** 2); } if (near > far) { far = near; v = p; } }" +
                " return { x: r.left + v.px * r.width / 640, y: r.top + v.py * r.height / 340, frame: v.s.frames[v.i], count: box.visible.length }; }", id);
            await page.Mouse.MoveAsync(point.X, point.Y);
            string tip = await page.Locator($"#{id} .tip").TextContentAsync() ?? string.Empty;
            Assert.StartsWith($"frame {point.Frame}, ", tip, StringComparison.Ordinal);

            var svg = (await page.Locator($"#{id} svg").BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(svg.X + svg.Width * 0.5f, svg.Y + svg.Height * 0.5f);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(svg.X + svg.Width * 0.6f, svg.Y + svg.Height * 0.5f);
            await page.Mouse.UpAsync();
            int zoomed = await page.EvaluateAsync<int>("id => document.getElementById(id).visible.length", id);
            Assert.True(zoomed < point.Count, $"{id}: a drag over a tenth of the chart still shows {zoomed} of {point.Count} points");
            await page.Mouse.DblClickAsync(svg.X + svg.Width * 0.5f, svg.Y + svg.Height * 0.5f);
            Assert.Equal(point.Count, await page.EvaluateAsync<int>("id => document.getElementById(id).visible.length", id));
        }

        byte[] png = await page.ScreenshotAsync(new() { FullPage = true });
        using (SkiaSharp.SKBitmap bitmap = SkiaSharp.SKBitmap.Decode(png))
        {
            var colors = new HashSet<uint>();
            for (int y = 0; y < bitmap.Height; y += 7)
            {
                for (int x = 0; x < bitmap.Width; x += 7)
                {
                    colors.Add((uint)bitmap.GetPixel(x, y));
                }
            }

            Assert.True(colors.Count > 20, $"the screenshot has {colors.Count} colours: blank");
        }

        Assert.True(errors.Count == 0, string.Join('\n', errors));
        Assert.True(refused.Count == 0, "the report asked for: " + string.Join(' ', refused));
        if (pair is null)
        {
            await page.CloseAsync();
        }

        return page;
    }

    private static string Raw(JsonElement owner, string path)
    {
        JsonElement? value = owner;
        foreach (string part in path.Split('.'))
        {
            value = value is JsonElement v && v.ValueKind == JsonValueKind.Object && v.TryGetProperty(part, out JsonElement next) ? next : null;
        }

        return value is JsonElement e ? (e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()) : string.Empty;
    }

    // Playwright fills these from the page's objects: settable properties, a constructor without parameters.
    private sealed class Cell
    {
        public int Connection { get; set; }

        public int Subflow { get; set; }

        public string Field { get; set; } = string.Empty;

        public string Value { get; set; } = string.Empty;
    }

    private sealed class Point
    {
        public float X { get; set; }

        public float Y { get; set; }

        public long Frame { get; set; }

        public int Count { get; set; }
    }
}
