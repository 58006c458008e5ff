using Lipsync.Client.Licensing;
using Lipsync.Contracts.Errors;

namespace Lipsync.UnitTests.Sdk;

public sealed class LicenseSessionTests
{
    [Fact]
    public async Task Init_then_refreshes_on_the_servers_cadence_raising_refresh_events()
    {
        var backend = new FakeBackend().ThenJson(200, FakeBackend.License(1)).ThenJson(200, FakeBackend.License(2)).ThenJson(200, FakeBackend.License(3));
        await using var session = backend.Client().CreateLicenseSession(new LicenseSessionOptions { UserId = "u1" });
        var statuses = Record(session);
        var epochs = new List<long>();
        var third = new TaskCompletionSource();
        session.Refreshed += (_, e) => { epochs.Add(e.Epoch); if (e.Epoch == 3) { third.TrySetResult(); } };

        var license = await session.InitAsync();
        Assert.Equal(1, license.Epoch);
        Assert.Equal(LicenseSessionStatus.Ready, session.Status);

        backend.Time.Advance(TimeSpan.FromSeconds(59));
        await Task.Yield();
        Assert.Single(backend.Requests); // not before refreshAfterMs

        await backend.RunAsync(third.Task.ContinueWith(_ => true, TaskScheduler.Default), TimeSpan.FromSeconds(1));
        Assert.Equal([2, 3], epochs);
        Assert.Equal(3, session.Epoch);
        Assert.Equal(["POST /api/v1/license/init", "POST /api/v1/license/refresh", "POST /api/v1/license/refresh"], backend.Requests);
        Assert.Equal([LicenseSessionStatus.Initializing, LicenseSessionStatus.Ready], statuses);
    }

    [Fact]
    public async Task A_transient_refresh_failure_degrades_then_recovers_and_a_hard_refusal_is_terminal()
    {
        var backend = new FakeBackend()
            .ThenJson(200, FakeBackend.License(1))
            .ThenError(503, ErrorCodes.ServiceUnavailable)
            .ThenJson(200, FakeBackend.License(2))
            .ThenError(402, ErrorCodes.KeyDisabled);
        await using var session = backend.Client().CreateLicenseSession();
        var statuses = Record(session);
        var failed = new List<string>();
        session.Failed += (_, e) => failed.Add(e.Error.Code);
        var refused = new TaskCompletionSource<RefusedException>();
        session.Refused += (_, e) => refused.TrySetResult((RefusedException)e.Error);

        await session.InitAsync();
        var refusal = await backend.RunAsync(refused.Task, TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorCodes.KeyDisabled, refusal.Code);
        Assert.Equal([ErrorCodes.ServiceUnavailable], failed);
        Assert.Equal(
            [LicenseSessionStatus.Initializing, LicenseSessionStatus.Ready, LicenseSessionStatus.Degraded, LicenseSessionStatus.Ready, LicenseSessionStatus.Refused],
            statuses);

        // Terminal: the same refusal every time, no more traffic.
        Assert.Same(refusal, Assert.Throws<RefusedException>(session.EnsureLicensed));
        Assert.Same(refusal, Assert.Throws<RefusedException>(session.EnsureLicensed));
        backend.Time.Advance(TimeSpan.FromMinutes(10));
        await Task.Yield();
        Assert.Equal(4, backend.Requests.Count);
    }

    [Fact]
    public async Task A_burst_of_failed_refreshes_refuses_the_session_for_good()
    {
        var backend = new FakeBackend().ThenJson(200, FakeBackend.License(1));
        for (var i = 0; i < 4; i++)
        {
            backend.Then(_ => throw new HttpRequestException("offline"));
        }

        await using var session = backend.Client().CreateLicenseSession(new LicenseSessionOptions { MaxConsecutiveRefreshFailures = 4 });
        var refused = new TaskCompletionSource<RefusedException>();
        session.Refused += (_, e) => refused.TrySetResult((RefusedException)e.Error);

        await session.InitAsync();
        var refusal = await backend.RunAsync(refused.Task, TimeSpan.FromSeconds(1));

        Assert.Equal(ErrorCodes.NetworkFailure, refusal.Code);
        Assert.Contains("4 refreshes failed in a row", refusal.Message, StringComparison.Ordinal);
        Assert.IsType<NetworkException>(refusal.InnerException);
        Assert.Equal(LicenseSessionStatus.Refused, session.Status);
        Assert.Equal(5, backend.Requests.Count);
        // Backoff between the failed refreshes: 2 s, 4 s, 8 s (full jitter).
        var gaps = backend.RequestTimes.Skip(1).Zip(backend.RequestTimes.Skip(2), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal(3, gaps.Count);
        Assert.True(gaps[0] >= 2 && gaps[1] >= 4 && gaps[2] >= 8, string.Join(", ", gaps));
    }

    [Fact]
    public async Task A_failed_init_is_error_and_reload_is_a_fresh_init()
    {
        var backend = new FakeBackend().ThenError(403, ErrorCodes.OriginNotAllowed).ThenJson(200, FakeBackend.License(1, sessionId: "s2"));
        await using var session = backend.Client().CreateLicenseSession();
        var failed = new List<string>();
        session.Failed += (_, e) => failed.Add(e.Error.Code);

        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => session.InitAsync());
        Assert.Equal(ErrorCodes.OriginNotAllowed, e.Code);
        Assert.Equal(LicenseSessionStatus.Error, session.Status);
        Assert.Equal([ErrorCodes.OriginNotAllowed], failed);
        Assert.Same(e, Assert.ThrowsAny<LipsyncException>(session.EnsureLicensed));
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.InitAsync());

        var license = await session.ReloadAsync();
        Assert.Equal("s2", license.SessionId);
        Assert.Equal(LicenseSessionStatus.Ready, session.Status);
        session.EnsureLicensed();
    }

    private static List<LicenseSessionStatus> Record(LicenseSession session)
    {
        var statuses = new List<LicenseSessionStatus>();
        session.StatusChanged += (_, e) => { lock (statuses) { statuses.Add(e.Current); } };
        return statuses;
    }
}
