using System.CommandLine;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Lipsync.Engine.Audio;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Lipsync.Cli.Processing;

/// <summary><c>lipsync timeline</c> and <c>lipsync validate</c>: the engine and the validator on local files.</summary>
internal static class TimelineCommands
{
    public static Command Timeline()
    {
        var inputs = new Argument<string[]>("audio") { Description = "Audio files (WAV, MP3, Ogg Vorbis or Opus, WebM Opus, FLAC) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var mediaType = new Option<string?>("--media-type") { Description = $"Headerless audio: what the samples are ({RawAudioFormat.Accepted}). Files with a header ignore it." };
        var output = new Option<string?>("-o", "--output") { Description = "One input: write the timeline here instead of stdout." };
        var outDir = new Option<string?>("--out") { Description = "Write <input file name>.json per input into this folder, keeping the sub-folders of folder inputs (with a progress bar)." };
        var model = new Option<string?>("--model") { Description = "ONNX model to use for every input, 8 kHz included, instead of the shipped two." };
        var command = new Command("timeline", $"Compute viseme timelines for audio files.\n\n{ExitCodes.Help}") { inputs, output, outDir, model, mediaType };
        command.SetAction(async (parse, ct) =>
        {
            var options = new EngineOptions();
            if (parse.GetValue(model) is { } m)
            {
                options.ModelPath = m;
                options.NarrowBandModelPath = null;
            }

            if (!RawAudioFormat.TryParse(parse.GetValue(mediaType), out var raw, out var problem))
            {
                await Console.Error.WriteLineAsync($"error: --media-type: {problem}");
                return ExitCodes.Usage;
            }

            var files = Expand(parse.GetValue(inputs)!);
            if (files.Count == 0)
            {
                await Console.Error.WriteLineAsync("error: no audio files found.");
                return ExitCodes.Usage;
            }

            if (files.FirstOrDefault(f => !File.Exists(f.Path)) is { Path: { } missing })
            {
                await Console.Error.WriteLineAsync($"error: no such file: {missing}");
                return ExitCodes.Usage;
            }

            if (files.GroupBy(f => f.Output, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            {
                await Console.Error.WriteLineAsync($"error: {string.Join(" and ", clash.Select(f => f.Path))} would both write {clash.Key}; give their folders instead.");
                return ExitCodes.Usage;
            }

            using var engine = new TimelineEngine(Options.Create(options));
            if (parse.GetValue(outDir) is { } dir)
            {
                return await ManyAsync(engine, files, raw, dir, ct);
            }

            if (files.Count > 1)
            {
                await Console.Error.WriteLineAsync("error: several inputs need --out <dir>.");
                return ExitCodes.Usage;
            }

            try
            {
                await using var audio = File.OpenRead(files[0].Path);
                var timeline = engine.Process(audio, raw, options.MaxDuration, ct);
                if (parse.GetValue(output) is { } path)
                {
                    await File.WriteAllBytesAsync(path, timeline.ToUtf8Json(), ct);
                }
                else
                {
                    Console.WriteLine(timeline.ToJson());
                }

                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return await CliErrors.ReportAsync(e);
            }
        });
        return command;
    }

    public static Command Validate()
    {
        var file = new Argument<string>("timeline") { Description = "A timeline JSON file." };
        var command = new Command("validate", "Exit 0 if the file is a valid VisemeTimeline v1; else print the bad_timeline envelope on stderr and exit 1 (2 if the file cannot be read).") { file };
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
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return await CliErrors.ReportAsync(e);
            }
        });
        return command;
    }

    private static async Task<int> ManyAsync(TimelineEngine engine, List<AudioFile> files, RawAudioFormat? raw, string dir, CancellationToken ct)
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
                        await using var audio = File.OpenRead(file.Path);
                        var timeline = engine.Process(audio, raw, TimeSpan.MaxValue, token);
                        var target = Path.Combine(dir, file.Output);
                        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                        await File.WriteAllBytesAsync(target, timeline.ToUtf8Json(), token);
                    }
                    catch (Exception e) when (e is LipsyncException or IOException or UnauthorizedAccessException)
                    {
                        failures.Add((file.Path, CliErrors.Describe(e).Line["error: ".Length..]));
                    }

                    task.Increment(1);
                });
            });

        foreach (var (file, error) in failures.OrderBy(f => f.File, StringComparer.Ordinal))
        {
            await Console.Error.WriteLineAsync($"{file}: {error}");
        }

        Console.WriteLine($"{files.Count - failures.Count} timelines written to {dir}, {failures.Count} failed.");
        return failures.IsEmpty ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>
    /// Files named on the command line keep their whole name (<c>a.wav</c> -> <c>a.wav.json</c>); files
    /// found in a folder keep their path below it, so sub-folders never flatten onto each other.
    /// </summary>
    private static List<AudioFile> Expand(IEnumerable<string> inputs) =>
        inputs.SelectMany(i => Directory.Exists(i)
                ? Directory.EnumerateFiles(i, "*", SearchOption.AllDirectories)
                    .Where(AudioFiles.IsAudio)
                    .Select(f => new AudioFile(f, Path.GetRelativePath(i, f) + ".json"))
                : [new AudioFile(i, Path.GetFileName(i) + ".json")])
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

    private sealed record AudioFile(string Path, string Output);
}
