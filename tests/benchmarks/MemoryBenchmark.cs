using System.Diagnostics;
using System.Globalization;
using Lipsync.Contracts.Jobs;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.Benchmarks;

/// <summary>
/// Many large jobs at once against a running LocalHost: <c>--copies</c> copies of one large file are
/// dropped into <c>audio-in</c> together, spread over six accounts, and the resident memory of the host plus its decode workers
/// is sampled every 50 ms until every job has finished. Prints the peak beside the instance size that
/// infra/bicep deploys (2,048 MB) and the job memory budget.
/// </summary>
internal static class MemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = args[0];
        var hostPid = int.Parse(Option(args, "--pid") ?? throw new ArgumentException("--pid is required"), CultureInfo.InvariantCulture);
        var copies = int.Parse(Option(args, "--copies") ?? "12", CultureInfo.InvariantCulture);
        var bytes = await File.ReadAllBytesAsync(file);
        var storage = new StorageClients(new StorageOptions { ConnectionString = Environment.GetEnvironmentVariable(StorageNames.ConnectionSetting) });
        var container = storage.Container(StorageNames.AudioInContainer);
        var run = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

        long peakTotal = 0, peakHost = 0;
        var idle = ProcessTree.RssOf(hostPid);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var host = ProcessTree.RssOf(hostPid);
                var total = ProcessTree.Rss(hostPid);
                peakHost = Math.Max(peakHost, host);
                peakTotal = Math.Max(peakTotal, total);
                await Task.Delay(50);
            }
        });

        var clock = Stopwatch.StartNew();
        var inputs = new AudioInput[copies];
        await Parallel.ForEachAsync(Enumerable.Range(0, copies), async (i, ct) =>
        {
            // Six accounts: the per-account share (2) is not what limits the run, the memory budget is.
            var name = $"memory{i % 6}/{run}/copy{i:D2}{Path.GetExtension(file)}";
            var info = await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, ct);
            inputs[i] = new AudioInput(name, BlobEvents.Unquote(info.Value.ETag.ToString()));
        });

        var jobs = storage.Table(StorageNames.JobsTable);
        var pending = inputs.Select(JobIds.For).ToHashSet();
        var failed = new List<string>();
        var deadline = DateTime.UtcNow.AddMinutes(20);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var id in pending.ToList())
            {
                var row = await jobs.GetEntityIfExistsAsync<JobEntity>(id, JobEntity.JobRow);
                if (row.HasValue && row.Value!.IsTerminal)
                {
                    if (row.Value.Status != JobStatus.Succeeded)
                    {
                        failed.Add($"{id}: {row.Value.ErrorCode} {row.Value.ErrorMessage}");
                    }

                    pending.Remove(id);
                }
            }

            await Task.Delay(200);
        }

        await sampling.CancelAsync();
        await sampler;
        const long Mb = 1024 * 1024;
        Console.WriteLine($"{copies} jobs of {bytes.Length / (double)Mb:F1} MB ({Path.GetFileName(file)}) dropped at once; all finished in {clock.Elapsed.TotalSeconds:F1} s, {failed.Count} failed, {pending.Count} unfinished");
        Console.WriteLine($"resident memory: idle host {idle / Mb} MB; peak host {peakHost / Mb} MB; peak host + decode workers {peakTotal / Mb} MB (instance: 2048 MB, infra/bicep instanceMemoryMB)");
        foreach (var f in failed.Take(5))
        {
            Console.WriteLine("  failed " + f);
        }

        return pending.Count == 0 && failed.Count == 0 && peakTotal < 2048 * Mb ? 0 : 1;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
