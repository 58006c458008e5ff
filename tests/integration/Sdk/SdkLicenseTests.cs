using Lipsync.Client;
using Lipsync.Client.Licensing;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.License;
using Microsoft.Extensions.Time.Testing;

namespace Lipsync.IntegrationTests.Sdk;

/// <summary>The SDK's license session against LocalHost + Azurite (sessions live 3 s, refresh hint 1 s).</summary>
[Collection(EdgeTestGroup.Name)]
public sealed class SdkLicenseTests(EdgeFixture edge)
{
    private const string Origin = "https://app.example.com";

    [Fact]
    public async Task Init_and_a_chain_of_refreshes_raise_epochs_in_order()
    {
        await using var session = Client(edge.PubKey).CreateLicenseSession(new LicenseSessionOptions { UserId = "sdk-user" });
        var epochs = new List<long>();
        var fourth = new TaskCompletionSource();
        session.Refreshed += (_, e) => { lock (epochs) { epochs.Add(e.Epoch); } if (e.Epoch >= 4) { fourth.TrySetResult(); } };

        var license = await session.InitAsync();
        Assert.Equal(1, license.Epoch);
        Assert.Equal("pub", license.KeyType);
        await fourth.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal([2, 3, 4], epochs.Take(3));
        Assert.Equal(LicenseSessionStatus.Ready, session.Status);
    }

    [Fact]
    public async Task A_key_disabled_mid_session_is_a_RefusedException_at_the_next_refresh()
    {
        var created = await edge.Cli.JsonAsync("keys", "create", "--account", "acme", "--type", "pub");
        await using var session = Client(created.GetProperty("key").GetString()!).CreateLicenseSession();
        var refused = new TaskCompletionSource<LipsyncException>();
        session.Refused += (_, e) => refused.TrySetResult(e.Error);
        await session.InitAsync();

        await edge.Cli.JsonAsync("keys", "disable", created.GetProperty("keyId").GetString()!);
        var error = await refused.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsType<RefusedException>(error);
        Assert.Equal(ErrorCodes.KeyDisabled, error.Code);
        Assert.Equal(402, error.Status);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Equal(LicenseSessionStatus.Refused, session.Status);
        Assert.Throws<RefusedException>(session.EnsureLicensed);
    }

    [Fact]
    public async Task A_session_left_to_lapse_is_refused_with_session_expired()
    {
        // The client's clock stands still (a sleeping laptop) while the server's session TTL runs out.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var session = Client(edge.PubKey, clock).CreateLicenseSession();
        var refused = new TaskCompletionSource<LipsyncException>();
        session.Refused += (_, e) => refused.TrySetResult(e.Error);
        await session.InitAsync();

        await Task.Delay(EdgeFixture.SessionTtl + TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromMinutes(1)); // wake up: the refresh is due
        var error = await refused.Task.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.IsType<RefusedException>(error);
        Assert.Equal(ErrorCodes.SessionExpired, error.Code);
        Assert.Equal(404, error.Status);

        var fresh = await session.ReloadAsync();
        Assert.Equal(1, fresh.Epoch);
        Assert.Equal(LicenseSessionStatus.Ready, session.Status);
    }

    [Fact]
    public async Task A_bad_key_at_init_is_an_error_status_with_the_edge_code()
    {
        await using var session = Client("lsk_pub_" + new string('z', 32)).CreateLicenseSession();
        var e = await Assert.ThrowsAnyAsync<LipsyncException>(() => session.InitAsync());
        Assert.Equal(ErrorCodes.InvalidApiKey, e.Code);
        Assert.Equal(LicenseSessionStatus.Error, session.Status);
    }

    private LipsyncClient Client(string key, TimeProvider? time = null) =>
        new(edge.Host.BaseAddress, key, edge.Host.Client, new LipsyncClientOptions { Origin = Origin, TimeProvider = time ?? TimeProvider.System });
}
