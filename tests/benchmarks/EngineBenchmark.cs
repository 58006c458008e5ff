using System.Diagnostics;
using System.Globalization;
using Lipsync.Engine;
using Lipsync.Engine.Features;
using Microsoft.Extensions.Options;

namespace Lipsync.Benchmarks;

/// <summary>
/// The timeline engine's whole path (decode → 16 kHz → features → ONNX model on one thread → decoding →
/// timeline JSON), per input format: audio-seconds per CPU-second, and wall-clock real-time factor, at
/// steady state (after <c>--warmup</c> runs, 10 by default: the first files of a process run at a
/// fraction of the speed while tiered JIT, the GC heap and ONNX Runtime's arenas settle) and, apart,
/// for the very first file of a fresh engine.
/// </summary>
internal static class EngineBenchmark
{
    public static int Run(string[] args)
    {
        var repeat = Array.IndexOf(args, "--repeat") is var r and >= 0 ? int.Parse(args[r + 1], CultureInfo.InvariantCulture) : 5;
        var warmup = Array.IndexOf(args, "--warmup") is var w and >= 0 ? int.Parse(args[w + 1], CultureInfo.InvariantCulture) : 10;
        var files = args.Where((a, i) => !a.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal))).ToList();
        using var engine = new TimelineEngine(Options.Create(new EngineOptions { IntraOpThreads = 1 }));
        Console.WriteLine($"{"input",-34} {"audio s",8} {"audio s / CPU s",16} {"x real time (wall)",19} {"first run (x real time)",24} {"decode only, audio s / CPU s",29}");
        foreach (var file in files)
        {
            var first = Stopwatch.StartNew();
            var firstSeconds = Process(engine, file);
            first.Stop();
            for (var i = 1; i < warmup; i++)
            {
                Process(engine, file);
            }

            // The process and its decode workers (MP3 and Ogg decode in child processes).
            var cpuBefore = ProcessTree.CpuSeconds(Environment.ProcessId);
            var wall = Stopwatch.StartNew();
            double audioSeconds = 0;
            for (var i = 0; i < repeat; i++)
            {
                audioSeconds += Process(engine, file);
            }

            wall.Stop();
            var cpu = ProcessTree.CpuSeconds(Environment.ProcessId) - cpuBefore;

            // The decoder alone (with resampling and features, in this process, warmed up like the rest).
            for (var i = 0; i < warmup; i++)
            {
                Decode(file);
            }

            var decodeBefore = ProcessTree.CpuSeconds(Environment.ProcessId);
            for (var i = 0; i < repeat; i++)
            {
                Decode(file);
            }

            var decodeCpu = ProcessTree.CpuSeconds(Environment.ProcessId) - decodeBefore;
            Console.WriteLine($"{Path.GetFileName(file),-34} {audioSeconds / repeat,8:F1} {audioSeconds / cpu,16:F0} {audioSeconds / wall.Elapsed.TotalSeconds,19:F0} {firstSeconds / first.Elapsed.TotalSeconds,24:F0} {audioSeconds / decodeCpu,29:F0}");
        }

        return 0;
    }

    public static int Memory(string file)
    {
        using var engine = new TimelineEngine(Options.Create(new EngineOptions { IntraOpThreads = 1 }));
        var wall = Stopwatch.StartNew();
        var seconds = Process(engine, file);
        wall.Stop();
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine($"{Path.GetFileName(file)}: {seconds / 60:F1} min of audio in {wall.Elapsed.TotalSeconds:F1} s; peak working set {peak[6..].Trim()}");
        return 0;
    }

    private static void Decode(string file)
    {
        using var audio = File.OpenRead(file);
        FrontEnd.Extract(audio, TimeSpan.FromHours(2));
    }

    private static double Process(TimelineEngine engine, string file)
    {
        using var audio = File.OpenRead(file);
        var timeline = engine.Process(audio);
        using var sink = Stream.Null;
        sink.Write(timeline.ToUtf8Json());
        return timeline.DurationMs / 1000.0;
    }
}
