using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Lipsync.Contracts.Jobs;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.Jobs.Events;
using Lipsync.Jobs.Records;
using Lipsync.Storage;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// A private Azurite, an account with a secret key (made by the real CLI) and LocalHost with fast
/// polling, short leases and a fast sweeper, so crashes and retries resolve in seconds.
/// </summary>
internal sealed class PipelineHarness : IAsyncDisposable
{
    public const string Account = "acme";

    private readonly Azurite _azurite;
    private readonly Dictionary<string, string?> _settings;

    private PipelineHarness(Azurite azurite, string secKey, Dictionary<string, string?> settings)
    {
        _azurite = azurite;
        SecKey = secKey;
        _settings = settings;
        Storage = new StorageClients(new StorageOptions { ConnectionString = azurite.ConnectionString });
    }

    public StorageClients Storage { get; }

    public string ConnectionString => _azurite.ConnectionString;

    public string SecKey { get; }

    public LocalHostProcess Host { get; private set; } = null!;

    public static async Task<PipelineHarness> StartAsync(IDictionary<string, string?>? overrides = null)
    {
        var azurite = await Azurite.StartAsync();
        var cli = new LipsyncCli(azurite.ConnectionString);
        await cli.JsonAsync("accounts", "create", "--account", Account);
        var key = await cli.CreateKeyAsync(Account, "sec");
        var settings = new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
            ["Jobs__LeaseDuration"] = "00:00:04",
            ["Jobs__SweepInterval"] = "00:00:01",
            ["Jobs__RetryBaseDelay"] = "00:00:00.200",
            ["Jobs__QueuedGrace"] = "00:00:15",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var harness = new PipelineHarness(azurite, key, settings);
        await harness.StartHostAsync();
        return harness;
    }

    public async Task StartHostAsync() => Host = await LocalHostProcess.StartAsync(_azurite.ConnectionString, _settings);

    /// <summary>Uploads into <c>audio-in</c>; returns the version as a job sees it.</summary>
    public async Task<AudioInput> DropAsync(string name, byte[] content)
    {
        var info = await Storage.Container(StorageNames.AudioInContainer).GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), overwrite: true);
        return new AudioInput(name, BlobEvents.Unquote(info.Value.ETag.ToString()));
    }

    public async Task<JobEntity?> JobAsync(string jobId)
    {
        var row = await Storage.Table(StorageNames.JobsTable).GetEntityIfExistsAsync<JobEntity>(jobId, JobEntity.JobRow);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>All job rows (not the index), by id.</summary>
    public async Task<Dictionary<string, JobEntity>> AllJobsAsync()
    {
        var jobs = new Dictionary<string, JobEntity>();
        await foreach (var job in Storage.Table(StorageNames.JobsTable).QueryAsync<JobEntity>(e => e.RowKey == JobEntity.JobRow))
        {
            jobs[job.JobId] = job;
        }

        return jobs;
    }

    /// <summary>Waits until every listed job exists and is finished.</summary>
    public async Task<Dictionary<string, JobEntity>> WaitForJobsAsync(IEnumerable<string> jobIds, TimeSpan timeout)
    {
        var wanted = jobIds.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var all = await AllJobsAsync();
            var done = wanted.Where(id => all.TryGetValue(id, out var j) && JobStatus.IsTerminal(j.Status)).ToList();
            if (done.Count == wanted.Count)
            {
                return all;
            }

            if (DateTime.UtcNow > deadline)
            {
                var pending = wanted.Except(done).Select(id => all.TryGetValue(id, out var j) ? $"{id}={j.Status}" : $"{id}=missing");
                throw new TimeoutException($"{done.Count}/{wanted.Count} jobs finished; pending: {string.Join(", ", pending.Take(10))}\n{Host.Output[^Math.Min(Host.Output.Length, 6000)..]}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Every blob in <c>timelines</c>: name, content and metadata.</summary>
    public async Task<Dictionary<string, (BinaryData Content, IDictionary<string, string> Metadata)>> OutputsAsync()
    {
        var container = Storage.Container(StorageNames.TimelinesContainer);
        var outputs = new Dictionary<string, (BinaryData, IDictionary<string, string>)>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            var content = await container.GetBlobClient(item.Name).DownloadContentAsync();
            outputs[item.Name] = (content.Value.Content, item.Metadata);
        }

        return outputs;
    }

    public async Task<int> PoisonCountAsync()
    {
        var properties = await Storage.Queue(StorageNames.JobsPoisonQueue).GetPropertiesAsync();
        return properties.Value.ApproximateMessagesCount;
    }

    public async Task<List<TableEntity>> UsageRowsAsync()
    {
        var rows = new List<TableEntity>();
        var partition = Lipsync.Jobs.Usage.SpeechUsage.PartitionFor(Account, DateTimeOffset.UtcNow);
        await foreach (var row in Storage.Table(StorageNames.UsageTable).QueryAsync<TableEntity>(e => e.PartitionKey == partition))
        {
            rows.Add(row);
        }

        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
