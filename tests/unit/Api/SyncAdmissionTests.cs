using Lipsync.Api.Batch;
using Microsoft.Extensions.Options;

namespace Lipsync.UnitTests.Api;

public sealed class SyncAdmissionTests
{
    private static SyncAdmission Admission(int concurrency, int perAccount, double waitSeconds = 0) =>
        new(Options.Create(new BatchOptions { SyncConcurrency = concurrency, SyncPerAccount = perAccount, SyncQueueTimeout = TimeSpan.FromSeconds(waitSeconds) }));

    [Fact]
    public async Task One_account_cannot_take_every_slot()
    {
        using var admission = Admission(concurrency: 3, perAccount: 2);

        using var a1 = await admission.TryEnterAsync("acme", CancellationToken.None);
        using var a2 = await admission.TryEnterAsync("acme", CancellationToken.None);
        var a3 = await admission.TryEnterAsync("acme", CancellationToken.None);
        using var b1 = await admission.TryEnterAsync("beta", CancellationToken.None);

        Assert.NotNull(a1);
        Assert.NotNull(a2);
        Assert.Null(a3);
        Assert.NotNull(b1);
    }

    [Fact]
    public async Task Past_the_instance_cap_a_call_waits_then_is_refused_and_a_freed_slot_is_reused()
    {
        using var admission = Admission(concurrency: 1, perAccount: 1, waitSeconds: 0.2);
        var held = await admission.TryEnterAsync("acme", CancellationToken.None);

        Assert.Null(await admission.TryEnterAsync("beta", CancellationToken.None));

        held!.Dispose();
        using var next = await admission.TryEnterAsync("beta", CancellationToken.None);
        Assert.NotNull(next);
    }

    [Fact]
    public async Task A_refused_wait_gives_back_the_accounts_share()
    {
        using var admission = Admission(concurrency: 1, perAccount: 1);
        using var held = await admission.TryEnterAsync("beta", CancellationToken.None);

        Assert.Null(await admission.TryEnterAsync("acme", CancellationToken.None)); // no slot: acme's share is returned
        held!.Dispose();
        using var acme = await admission.TryEnterAsync("acme", CancellationToken.None);
        Assert.NotNull(acme);
    }
}
