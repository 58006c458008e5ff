using System.CommandLine;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Lipsync.Cli.Processing;

/// <summary><c>lipsync timeline</c> and <c>lipsync validate</c>: the engine and the validator on local files.</summary>
internal static class TimelineCommands
{
    private static readonly string[] AudioExtensions = [".wav", ".mp3", ".ogg", ".oga"];

    public static Command Timeline()
    {
        var inputs = new Argument<string[]>("audio") { Description = "Audio files (WAV, MP3, Ogg Vorbis) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string?>("-o", "--output") { Description = "One input: write the timeline here instead of stdout." };
        var outDir = new Option<string?>("--out") { Description = "Write <name>.json per input into this folder (with a progress bar)." };
        var model = new Option<string?>("--model") { Description = "ONNX model to use instead of the shipped one." };
        var command = new Command("timeline", "Compute viseme timelines for audio files.") { inputs, output, outDir, model };
        command.SetAction(async (parse, ct) =>
        {
            var options = new EngineOptions();
            if (parse.GetValue(model) is { } m)
            {
                options.ModelPath = m;
            }

            using var engine = new TimelineEngine(Options.Create(options));
            var files = Expand(parse.GetValue(inputs)!);
            if (files.Count == 0)
            {
                await Console.Error.WriteLineAsync("error: no audio files found.");
                return 1;
            }

            if (parse.GetValue(outDir) is { } dir)
            {
                return await ManyAsync(engine, files, dir, ct);
            }

            if (files.Count > 1)
            {
                await Console.Error.WriteLineAsync("error: several inputs need --out <dir>.");
                return 1;
            }

            try
            {
                await using var audio = File.OpenRead(files[0]);
                var timeline = engine.Process(audio, ct);
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllBytesAsync(path, timeline.ToUtf8Json(), ct);
                }
                else
                {
                    Console.WriteLine(timeline.ToJson());
                }

                return 0;
            }
            catch (LipsyncException e)
            {
                await Console.Error.WriteLineAsync(System.Text.Encoding.UTF8.GetString(e.ToEnvelope().ToUtf8Json()));
                return 1;
            }
        });
        return command;
    }

    public static Command Validate()
    {
        var file = new Argument<string>("timeline") { Description = "A timeline JSON file." };
        var command = new Command("validate", "Exit 0 if the file is a valid VisemeTimeline v1; else print the bad_timeline envelope on stderr and exit 1.") { file };
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var bytes = await File.ReadAllBytesAsync(parse.GetValue(file)!, ct);
                var timeline = Timelines.ParseTimeline(bytes);
                Console.WriteLine($"valid: {timeline.Cues.Count} cues, {timeline.DurationMs} ms, {timeline.SpeechMs} ms of speech");
                return 0;
            }
            catch (LipsyncException e)
            {
                await Console.Error.WriteLineAsync(System.Text.Encoding.UTF8.GetString(e.ToEnvelope().ToUtf8Json()));
                return 1;
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync("error: " + e.Message);
                return 2;
            }
        });
        return command;
    }

    private static async Task<int> ManyAsync(TimelineEngine engine, List<string> files, string dir, CancellationToken ct)
    {
        Directory.CreateDirectory(dir);
        var failures = new System.Collections.Concurrent.ConcurrentBag<(string File, string Error)>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"{files.Count} files", maxValue: files.Count);
                await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, async (file, token) =>
                {
                    try
                    {
                        await using var audio = File.OpenRead(file);
                        var timeline = engine.Process(audio, token);
                        var target = Path.Combine(dir, Path.GetFileNameWithoutExtension(file) + ".json");
                        await File.WriteAllBytesAsync(target, timeline.ToUtf8Json(), token);
                    }
                    catch (LipsyncException e)
                    {
                        failures.Add((file, $"{e.Code}: {e.Message}"));
                    }

                    task.Increment(1);
                });
            });

        foreach (var (file, error) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            await Console.Error.WriteLineAsync($"{file}: {error}");
        }

        Console.WriteLine($"{files.Count - failures.Count} timelines written to {dir}, {failures.Count} failed.");
        return failures.IsEmpty ? 0 : 1;
    }

    private static List<string> Expand(IEnumerable<string> inputs) =>
        inputs.SelectMany(i => Directory.Exists(i)
                ? Directory.EnumerateFiles(i, "*", SearchOption.AllDirectories).Where(f => AudioExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                : [i])
            .Order(StringComparer.Ordinal)
            .ToList();
}
