using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HdrHistogram;
using Lipsync.LoadTests.Running;
using Spectre.Console;

namespace Lipsync.LoadTests.Reporting;

/// <summary>One row of <c>report.json</c> (the contract of ARCHITECTURE.md, "Contract: load tests").</summary>
public sealed record ScenarioReport(
    string Name, long Requests, double RatePerSec, long Ok, long Unexpected, double P50Ms, double P95Ms, double P99Ms, double MaxMs, bool ThresholdsPassed)
{
    public double P99LimitMs { get; init; }

    public int MaxInFlight { get; init; }

    public Dictionary<string, int> UnexpectedReasons { get; init; } = [];

    /// <summary>Per second of the run: requests, p50 and p99 (ms), by intended start.</summary>
    public List<double[]> Timeline { get; init; } = [];

    public double? AudioSecondsPerSecond { get; init; }

    /// <summary>Answers refused by admission control (503 <c>service_unavailable</c>), and how fast they came.</summary>
    public long Shed { get; init; }

    public double ShedP99Ms { get; init; }

    /// <summary>Expected answers per second (goodput).</summary>
    public double OkPerSec { get; init; }

    /// <summary>The generator's own cost: CPU per request (ms) and cores used, and how late it started requests (p99, ms).</summary>
    public double GeneratorCpuMsPerRequest { get; init; }

    public double GeneratorCores { get; init; }

    public double DispatchLagP99Ms { get; init; }
}

/// <summary>Thresholds beyond each scenario's own: whether refusals are allowed (an overload run), the least goodput.</summary>
public sealed record Thresholds(double? P99LimitMs = null, bool AllowShed = false, double? MinOkPerSec = null);

public sealed record LoadReport(IReadOnlyList<ScenarioReport> Scenarios);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;

public static class Reports
{
    public static ScenarioReport Summarize(IScenario scenario, ScenarioResult result, double? audioSecondsPerClip, Thresholds? thresholds = null)
    {
        thresholds ??= new Thresholds();
        var limit = thresholds.P99LimitMs ?? scenario.P99LimitMs;
        static double Ms(long ticks) => ticks / (double)TimeSpan.TicksPerMillisecond;
        static double At(LongConcurrentHistogram h, double percentile) => h.TotalCount == 0 ? 0 : Ms(h.GetValueAtPercentile(percentile));
        var h = result.Latency;
        var count = result.Requests;
        var p99 = At(h, 99);
        var unexpected = result.Unexpected + (thresholds.AllowShed ? 0 : result.Shed);
        var unexpectedRatio = count == 0 ? 1 : unexpected / (double)count;
        var okPerSec = result.Ok / result.DurationSeconds;
        return new ScenarioReport(
            scenario.Name, count, Math.Round(count / result.DurationSeconds, 1), result.Ok, unexpected,
            Round(At(h, 50)), Round(At(h, 95)), Round(p99), Round(At(h, 100)),
            count > 0 && p99 <= limit && unexpectedRatio <= scenario.MaxUnexpectedRatio && okPerSec >= (thresholds.MinOkPerSec ?? 0))
        {
            Shed = result.Shed,
            ShedP99Ms = Round(At(result.ShedLatency, 99)),
            OkPerSec = Math.Round(okPerSec, 1),
            GeneratorCpuMsPerRequest = count == 0 ? 0 : Math.Round(result.GeneratorCpuSeconds * 1000 / count, 3),
            GeneratorCores = Round(result.GeneratorCpuSeconds / result.DurationSeconds),
            DispatchLagP99Ms = Round(At(result.DispatchLag, 99)),
            P99LimitMs = limit,
            MaxInFlight = result.MaxInFlight,
            UnexpectedReasons = result.UnexpectedReasons.ToDictionary(),
            Timeline = [.. result.PerSecond.OrderBy(p => p.Key).Select(p => new[] { p.Key, p.Value.TotalCount, Round(Ms(p.Value.GetValueAtPercentile(50))), Round(Ms(p.Value.GetValueAtPercentile(99))) })],
            AudioSecondsPerSecond = audioSecondsPerClip is { } clip ? Round(result.Ok * clip / result.DurationSeconds) : null,
        };
    }

    public static async Task WriteAsync(LoadReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonSerializer.Serialize(report, ReportJsonContext.Default.LoadReport));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), Markdown(report));
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), Html(report));
    }

    public static void Console(LoadReport report)
    {
        if (System.Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160; // logs and CI: no terminal to measure
        }

        var table = new Table().AddColumns("scenario", "requests", "req/s", "ok", "ok/s", "shed", "unexpected", "p50 ms", "p95 ms", "p99 ms", "max ms", "p99 limit", "result");
        foreach (var s in report.Scenarios)
        {
            table.AddRow(s.Name, N(s.Requests), N(s.RatePerSec), N(s.Ok), N(s.OkPerSec), N(s.Shed), N(s.Unexpected), N(s.P50Ms), N(s.P95Ms), N(s.P99Ms), N(s.MaxMs), N(s.P99LimitMs),
                s.ThresholdsPassed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        AnsiConsole.Write(table);
        foreach (var s in report.Scenarios.Where(s => s.Requests > 0))
        {
            AnsiConsole.MarkupLineInterpolated($"{s.Name}: shed answers p99 {N(s.ShedP99Ms)} ms; generator {N(s.GeneratorCpuMsPerRequest)} CPU-ms/request ({N(s.GeneratorCores)} cores), started requests late by p99 {N(s.DispatchLagP99Ms)} ms");
        }

        foreach (var s in report.Scenarios.Where(s => s.UnexpectedReasons.Count > 0))
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]{s.Name}[/] unexpected: {string.Join(", ", s.UnexpectedReasons.Select(r => $"{r.Key} x{r.Value}"))}");
        }
    }

    private static string Markdown(LoadReport report)
    {
        var md = new StringBuilder("| scenario | requests | req/s | ok | ok/s | shed | shed p99 ms | unexpected | p50 ms | p95 ms | p99 ms | max ms | p99 limit | generator CPU-ms/req | thresholds |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        foreach (var s in report.Scenarios)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {s.Name} | {s.Requests} | {N(s.RatePerSec)} | {s.Ok} | {N(s.OkPerSec)} | {s.Shed} | {N(s.ShedP99Ms)} | {s.Unexpected} | {N(s.P50Ms)} | {N(s.P95Ms)} | {N(s.P99Ms)} | {N(s.MaxMs)} | {N(s.P99LimitMs)} | {N(s.GeneratorCpuMsPerRequest)} | {(s.ThresholdsPassed ? "pass" : "FAIL")} |\n");
        }

        foreach (var s in report.Scenarios.Where(s => s.AudioSecondsPerSecond is not null))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n{s.Name}: {N(s.AudioSecondsPerSecond!.Value)} audio-seconds per second.\n");
        }

        return md.ToString();
    }

    // Self-contained HTML (no CDN): a table plus an inline SVG of p50/p99 per second for each scenario.
    private static string Html(LoadReport report)
    {
        var html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>Lipsync load report</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}.fail{color:#b00}</style></head><body><h1>Lipsync load report</h1>");
        html.Append(Markdig(Markdown(report)));
        foreach (var s in report.Scenarios.Where(s => s.Timeline.Count > 0))
        {
            const double W = 720, H = 240;
            var maxT = Math.Max(1, s.Timeline.Max(p => p[0]));
            var maxY = Math.Max(1, s.Timeline.Max(p => p[3]));
            string Line(int column, string color) => $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{string.Join(' ', s.Timeline.Select(p => string.Create(CultureInfo.InvariantCulture, $"{40 + (p[0] / maxT * (W - 60)):F1},{H - 30 - (p[column] / maxY * (H - 50)):F1}")))}\"/>";
            html.Append(CultureInfo.InvariantCulture, $"<h2>{s.Name}: latency over time</h2><svg width=\"{W}\" height=\"{H}\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"#fafafa\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"40\" y1=\"{H - 30}\" x2=\"{W - 20}\" y2=\"{H - 30}\" stroke=\"#888\"/><line x1=\"40\" y1=\"20\" x2=\"40\" y2=\"{H - 30}\" stroke=\"#888\"/>");
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"44\" y=\"16\" font-size=\"12\">{N(maxY)} ms</text><text x=\"{W - 80}\" y=\"{H - 10}\" font-size=\"12\">{maxT:F0} s</text>");
            html.Append(Line(2, "#2a7")).Append(Line(3, "#c33"));
            html.Append("<text x=\"60\" y=\"36\" font-size=\"12\" fill=\"#2a7\">p50</text><text x=\"100\" y=\"36\" font-size=\"12\" fill=\"#c33\">p99</text></svg>");
        }

        return html.Append("</body></html>").ToString();
    }

    // The Markdown table as an HTML table (the only Markdown this report contains).
    private static string Markdig(string markdown)
    {
        var rows = markdown.Split('\n').Where(l => l.StartsWith('|') && !l.StartsWith("|---", StringComparison.Ordinal)).ToList();
        var html = new StringBuilder("<table>");
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = rows[i].Trim('|').Split('|').Select(c => System.Net.WebUtility.HtmlEncode(c.Trim()));
            var tag = i == 0 ? "th" : "td";
            html.Append("<tr>").AppendJoin("", cells.Select(c => $"<{tag}{(c == "FAIL" ? " class=\"fail\"" : "")}>{c}</{tag}>")).Append("</tr>");
        }

        return html.Append("</table>").ToString();
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
