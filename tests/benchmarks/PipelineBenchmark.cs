using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using HdrHistogram;
using Lipsync.Contracts.Jobs;
using Lipsync.Engine;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Storage;
using Microsoft.Extensions.Options;

namespace Lipsync.Benchmarks;

/// <summary>
/// The batch pipeline end to end against a running LocalHost: every clip of a folder dropped into
/// <c>audio-in</c> at once; time until the last timeline lands; per-job latency from the blob's upload to
/// its job's success (HdrHistogram); audio-seconds per wall-second, against the engine alone on one thread.
/// </summary>
internal static class PipelineBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var folder = args[0];
        var files = Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToList();
        var clips = files.Select(f => (Name: Path.GetFileName(f), Bytes: File.ReadAllBytes(f))).ToList();
        var storage = new StorageClients(new StorageOptions { ConnectionString = Environment.GetEnvironmentVariable(StorageNames.ConnectionSetting) });

        // The engine alone, in process, one thread: the ceiling for one worker.
        double audioSeconds = 0;
        var engineWall = Stopwatch.StartNew();
        using (var engine = new TimelineEngine(Options.Create(new EngineOptions { IntraOpThreads = 1 })))
        {
            foreach (var clip in clips)
            {
                audioSeconds += engine.Process(new MemoryStream(clip.Bytes)).DurationMs / 1000.0;
            }
        }

        engineWall.Stop();

        // Drop everything at once (16 uploads in flight), remembering when each upload completed.
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
        var container = storage.Container(StorageNames.AudioInContainer);
        var uploaded = new (AudioInput Input, long Ticks)[clips.Count];
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, clips.Count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var name = $"bench/{run}/{clips[i].Name}";
            var info = await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(clips[i].Bytes), overwrite: true, ct);
            uploaded[i] = (new AudioInput(name, BlobEvents.Unquote(info.Value.ETag.ToString())), Stopwatch.GetTimestamp());
        });
        var dropSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        // Watch the job records: success time per job, as the pipeline stamped it.
        var jobs = storage.Table(StorageNames.JobsTable);
        var pending = uploaded.ToDictionary(u => JobIds.For(u.Input), u => u.Ticks);
        var latency = new LongHistogram(TimeSpan.FromMinutes(30).Ticks, 3);
        var failed = 0;
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var id in pending.Keys.ToList())
            {
                var row = await jobs.GetEntityIfExistsAsync<JobEntity>(id, JobEntity.JobRow);
                if (row.HasValue && row.Value!.IsTerminal)
                {
                    var now = Stopwatch.GetTimestamp();
                    failed += row.Value.Status == JobStatus.Succeeded ? 0 : 1;
                    latency.RecordValue(Stopwatch.GetElapsedTime(pending[id], now).Ticks);
                    pending.Remove(id);
                }
            }

            await Task.Delay(100);
        }

        var total = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double Ms(double percentile) => latency.GetValueAtPercentile(percentile) / (double)TimeSpan.TicksPerMillisecond;
        Console.WriteLine($"clips: {clips.Count} ({audioSeconds:F0} s of audio), dropped in {dropSeconds:F1} s, {failed} failed, {pending.Count} unfinished");
        Console.WriteLine($"engine alone (1 thread, in process): {engineWall.Elapsed.TotalSeconds:F1} s = {audioSeconds / engineWall.Elapsed.TotalSeconds:F0} audio-s per wall-s");
        Console.WriteLine($"pipeline: last timeline {total:F1} s after the first upload = {audioSeconds / total:F0} audio-s per wall-s ({audioSeconds / total / (audioSeconds / engineWall.Elapsed.TotalSeconds):P0} of the engine alone)");
        Console.WriteLine($"blob upload -> job succeeded: p50 {Ms(50):F0} ms, p90 {Ms(90):F0} ms, p99 {Ms(99):F0} ms, max {Ms(100):F0} ms (measured by polling every 100 ms)");
        return pending.Count == 0 && failed == 0 ? 0 : 1;
    }
}
