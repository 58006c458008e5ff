using System.CommandLine;
using Lipsync.LoadTests.Reporting;
using Lipsync.LoadTests.Running;
using Lipsync.LoadTests.Scenarios;

// ./load: see ARCHITECTURE.md "Contract: load tests" and README "Load tests".
var scenarioOption = new Option<string[]>("--scenario") { Description = "license-init, license-refresh, license-mixed-abuse, batch-drop (default: the three license scenarios)", AllowMultipleArgumentsPerToken = true };
var rateOption = new Option<double>("--rate") { Description = "requests per second (open model)", DefaultValueFactory = _ => 100 };
var durationOption = new Option<double>("--duration") { Description = "seconds per scenario", DefaultValueFactory = _ => 20 };
var rampOption = new Option<double>("--ramp") { Description = "seconds of linear ramp-up", DefaultValueFactory = _ => 2 };
var reportOption = new Option<string>("--report") { Description = "report directory", DefaultValueFactory = _ => ".artifacts/load" };
var targetOption = new Option<string>("--target") { Description = "LocalHost base URL", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
var keyOption = new Option<string>("--key") { Description = "dev key", Required = true };
var pubKeyOption = new Option<string?>("--pub-key") { Description = "pub key (optional: without it, inits use the dev key only)" };
var pubOriginOption = new Option<string?>("--pub-origin") { Description = "an origin on the pub key's allow-list" };
var secretKeyOption = new Option<string>("--secret-key") { Description = "sec key (batch-drop)", Required = true };
var accountOption = new Option<string>("--account") { Description = "the keys' account (drop-zone folder)", DefaultValueFactory = _ => "load" };
var storageOption = new Option<string?>("--storage") { Description = "storage connection for batch-drop (default: AzureWebJobsStorage)" };
var warmupOption = new Option<double>("--warmup") { Description = "seconds of unrecorded traffic before each scenario (JIT, pools, caches)", DefaultValueFactory = _ => 3 };
var p99LimitOption = new Option<double?>("--p99-limit") { Description = "override every scenario's p99 threshold (ms), e.g. for a smoke run on a busy machine" };
var allowShedOption = new Option<bool>("--allow-shed") { Description = "an overload run: 503 service_unavailable refusals are expected (reported as shed), not unexpected" };
var minOkOption = new Option<double?>("--min-ok-rate") { Description = "threshold: the least expected answers per second (goodput), e.g. 90 % of capacity in an overload run" };
var sessionsOption = new Option<int>("--sessions") { Description = "live sessions for license-refresh", DefaultValueFactory = _ => 500 };

var root = new RootCommand("Open-model load scenarios against a running LocalHost.")
{
    scenarioOption, rateOption, durationOption, rampOption, reportOption, targetOption, keyOption, pubKeyOption, pubOriginOption,
    secretKeyOption, accountOption, storageOption, sessionsOption, warmupOption, p99LimitOption, allowShedOption, minOkOption,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var context = new LoadContext(
        new Uri(parse.GetValue(targetOption)!), parse.GetValue(keyOption)!, parse.GetValue(pubKeyOption), parse.GetValue(pubOriginOption),
        parse.GetValue(secretKeyOption)!, parse.GetValue(storageOption) ?? Environment.GetEnvironmentVariable("AzureWebJobsStorage"));
    var names = parse.GetValue(scenarioOption) is { Length: > 0 } chosen ? chosen : ["license-init", "license-refresh", "license-mixed-abuse"];
    var rate = parse.GetValue(rateOption);
    var duration = TimeSpan.FromSeconds(parse.GetValue(durationOption));
    var ramp = TimeSpan.FromSeconds(parse.GetValue(rampOption));
    var reports = new List<ScenarioReport>();
    foreach (var name in names)
    {
        IScenario scenario = name switch
        {
            "license-init" => new LicenseInitScenario(context),
            "license-refresh" => new LicenseRefreshScenario(context, parse.GetValue(sessionsOption)),
            "license-mixed-abuse" => new LicenseMixedAbuseScenario(context),
            "batch-drop" => new BatchDropScenario(context, parse.GetValue(accountOption)!),
            _ => throw new ArgumentException($"unknown scenario '{name}'"),
        };
        Console.Error.WriteLine($"{name}: setting up");
        try
        {
            await scenario.SetupAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scenario that cannot start fails its thresholds; the others still run and report.
            Console.Error.WriteLine($"{name}: setup failed: {e.Message}");
            reports.Add(new ScenarioReport(name, 0, 0, 0, 0, 0, 0, 0, 0, false) { UnexpectedReasons = new() { [$"setup: {e.Message}"] = 1 } });
            continue;
        }

        var warmup = TimeSpan.FromSeconds(parse.GetValue(warmupOption));
        if (warmup > TimeSpan.Zero)
        {
            Console.Error.WriteLine($"{name}: warming up for {warmup.TotalSeconds} s");
            await OpenModelRunner.RunAsync(scenario, Math.Min(rate, 50), warmup, TimeSpan.Zero, cancellationToken);
        }

        Console.Error.WriteLine($"{name}: {rate} req/s for {duration.TotalSeconds} s (ramp {ramp.TotalSeconds} s)");
        var result = await OpenModelRunner.RunAsync(scenario, rate, duration, ramp, cancellationToken);
        var thresholds = new Thresholds(parse.GetValue(p99LimitOption), parse.GetValue(allowShedOption), parse.GetValue(minOkOption));
        reports.Add(Reports.Summarize(scenario, result, scenario is BatchDropScenario ? BatchDropScenario.ClipSeconds : null, thresholds));
    }

    var report = new LoadReport(reports);
    Reports.Console(report);
    var directory = parse.GetValue(reportOption)!;
    await Reports.WriteAsync(report, directory);
    Console.Error.WriteLine($"reports: {Path.Combine(directory, "report.json")} (.md, .html beside it)");
    return reports.All(r => r.ThresholdsPassed) ? 0 : 1;
});

return await root.Parse(args).InvokeAsync();
