using Azure.Data.Tables;
using Lipsync.Contracts.Jobs;
using Lipsync.IntegrationTests.Infrastructure;
using Lipsync.Jobs;
using Lipsync.Jobs.Records;
using Lipsync.Jobs.Recovery;
using Lipsync.Jobs.Usage;
using Lipsync.Licensing.Usage;
using Lipsync.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>
/// Storage stays bounded (issue 21): finished job records past their retention and old usage rows are
/// deleted by the retention sweep; unfinished jobs and recent rows are kept. Against Azurite.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private Azurite _azurite = null!;
    private StorageClients _storage = null!;

    public async Task InitializeAsync()
    {
        _azurite = await Azurite.StartAsync();
        _storage = new StorageClients(new StorageOptions { ConnectionString = _azurite.ConnectionString });
        await new StorageProvisioner(_storage, NullLogger<StorageProvisioner>.Instance).EnsureCreatedAsync();
    }

    public async Task DisposeAsync() => await _azurite.DisposeAsync();

    [Fact]
    public async Task Finished_jobs_past_their_retention_are_deleted_with_their_listing_rows_and_the_rest_stay()
    {
        var store = new JobStore(_storage);
        var now = DateTimeOffset.UtcNow;
        var oldDone = await AddAsync(store, "old-done", now.AddDays(-31), JobStatus.Succeeded);
        var oldFailed = await AddAsync(store, "old-failed", now.AddDays(-45), JobStatus.Failed);
        var oldRunning = await AddAsync(store, "old-running", now.AddDays(-40), JobStatus.Running);
        var recent = await AddAsync(store, "recent", now.AddDays(-29), JobStatus.Succeeded);
        var sweeper = Sweeper(store, recordDays: 30, usageDays: 400);

        var (jobs, _) = await sweeper.SweepAsync(CancellationToken.None);
        var (again, _) = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Equal(2, jobs);
        Assert.Equal(0, again);
        Assert.Null(await store.GetAsync(oldDone, CancellationToken.None));
        Assert.Null(await store.GetAsync(oldFailed, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(oldRunning, CancellationToken.None));
        Assert.NotNull(await store.GetAsync(recent, CancellationToken.None));
        var (listed, _) = await store.ListAsync("keeper", null, 50, null, CancellationToken.None);
        Assert.Equal([recent, oldRunning], listed.Select(j => j.JobId));

        // No listing row is left behind for the deleted jobs.
        var table = _storage.Table(StorageNames.JobsTable);
        var indexRows = await table.QueryAsync<TableEntity>(e => e.PartitionKey == "account|keeper").ToListAsync();
        Assert.Equal(2, indexRows.Count);
    }

    [Fact]
    public async Task Months_past_the_usage_retention_are_deleted_partition_by_partition_and_the_rest_stay()
    {
        await _storage.Table(StorageNames.AccountsTable).AddEntityAsync(new TableEntity("acme", "account") { ["Status"] = "active" });
        var table = _storage.Table(StorageNames.UsageTable);
        var old = UsageFlushService.PartitionFor("acme", "2025-01");
        var rows = Enumerable.Range(0, 230).Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(old, $"user{i:D4}")));
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk);
        }

        await table.UpsertEntityAsync(new TableEntity(SpeechUsage.PartitionFor("", new DateTimeOffset(2025, 1, 20, 0, 0, 0, TimeSpan.Zero)), "sync|1") { ["SpeechMs"] = 1000 });
        await table.UpsertEntityAsync(new TableEntity(UsageFlushService.PartitionFor("acme", "2025-06"), "user0001"));
        await table.UpsertEntityAsync(new TableEntity(SpeechUsage.PartitionFor("acme", DateTimeOffset.UtcNow), "job|1") { ["SpeechMs"] = 1000 });
        var retention = new UsageRetention(_storage);

        var deleted = await retention.ExpireAsync(new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);
        var again = await retention.ExpireAsync(new DateTimeOffset(2025, 6, 10, 0, 0, 0, TimeSpan.Zero), CancellationToken.None);

        Assert.Equal(231, deleted);
        Assert.Equal(0, again);
        var left = await table.QueryAsync<TableEntity>(select: ["PartitionKey"]).Select(r => r.PartitionKey).ToListAsync();
        Assert.Equal(2, left.Count);
        Assert.Contains("acme|mau|2025-06", left);
    }

    private RetentionSweeper Sweeper(JobStore store, int recordDays, int usageDays) =>
        new(store, new UsageRetention(_storage), Options.Create(new JobsOptions { RecordRetention = TimeSpan.FromDays(recordDays), UsageRetention = TimeSpan.FromDays(usageDays) }),
            TimeProvider.System, NullLogger<RetentionSweeper>.Instance);

    private static async Task<string> AddAsync(JobStore store, string name, DateTimeOffset createdAt, string status)
    {
        var jobId = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..32];
        var (job, _) = await store.GetOrAddAsync(
            new JobEntity { PartitionKey = jobId, InputName = $"keeper/{name}.wav", InputETag = "0x1", OutputName = $"keeper/{name}.wav.json", AccountId = "keeper", CreatedAt = createdAt },
            CancellationToken.None);
        job.Status = status;
        Assert.True(await store.TryReplaceAsync(job, CancellationToken.None));
        return jobId;
    }
}
