using System.Collections.Concurrent;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.LoadTests.Running;

namespace Lipsync.LoadTests.Scenarios;

/// <summary><c>license-init</c>: SDK clients init with dev keys (local origins) and pub keys (allow-listed origins).</summary>
public sealed class LicenseInitScenario(LoadContext context) : IScenario
{
    private static readonly string[] LocalOrigins = ["http://localhost:3000", "http://127.0.0.1:5173", "http://app.localhost:8080"];

    public string Name => "license-init";

    public double P99LimitMs => 50;

    public double MaxUnexpectedRatio => 0;

    public Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<Outcome> ExecuteAsync(long index, CancellationToken cancellationToken)
    {
        var dev = index % 2 == 0 || context.PubKey is null;
        var client = dev ? context.Client(context.DevKey, LocalOrigins[index % LocalOrigins.Length]) : context.Client(context.PubKey!, context.PubOrigin);
        await using var session = client.CreateLicenseSession(new Client.Licensing.LicenseSessionOptions { UserId = $"load-user-{index % 5000}" });
        try
        {
            var license = await session.InitAsync(cancellationToken);
            return license.Epoch == 1 ? Outcome.Expected : Outcome.Wrong($"epoch {license.Epoch}");
        }
        catch (LipsyncException e)
        {
            return Outcome.ShedOrWrong(e.Status, e.Code, e.Code);
        }
    }
}

/// <summary><c>license-refresh</c>: many live sessions (made with the SDK), refreshed at a steady rate.</summary>
public sealed class LicenseRefreshScenario(LoadContext context, int sessions) : IScenario
{
    private readonly ConcurrentDictionary<int, string> _sessionIds = new();

    public string Name => "license-refresh";

    public double P99LimitMs => 50;

    public double MaxUnexpectedRatio => 0;

    public async Task SetupAsync(CancellationToken cancellationToken)
    {
        // Setup may follow a saturating scenario: let the SDK retry (the measured calls never do).
        var options = LoadContext.Options("http://localhost:3000");
        options.Retry.MaxRetries = 8;
        var client = new Client.LipsyncClient(context.Target, context.DevKey, context.Http, options);
        await Parallel.ForEachAsync(Enumerable.Range(0, sessions), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            await using var session = client.CreateLicenseSession();
            _sessionIds[i] = (await session.InitAsync(ct)).SessionId;
        });
    }

    public async Task<Outcome> ExecuteAsync(long index, CancellationToken cancellationToken)
    {
        var slot = (int)(index % sessions);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["sessionId"] = _sessionIds[slot] });
        var (status, code, answer) = await context.PostAsync("api/v1/license/refresh", context.DevKey, "http://localhost:3000", body, null, cancellationToken);
        if (status != 200)
        {
            return Outcome.ShedOrWrong(status, code, $"{status} {code}");
        }

        // As an SDK does: the next refresh sends back what this one returned (the session id carries its epoch and expiry).
        using var json = JsonDocument.Parse(answer);
        _sessionIds[slot] = json.RootElement.GetProperty("sessionId").GetString()!;
        return Outcome.Expected;
    }
}

/// <summary>
/// <c>license-mixed-abuse</c>: 80 % valid inits (SDK) and 20 % abuse from many addresses (unknown keys,
/// a pub key from a foreign origin, refreshes of sessions that never existed). Every answer must carry
/// its expected code; the brute-force guard's <c>rate_limited</c> is expected for abuse only.
/// </summary>
public sealed class LicenseMixedAbuseScenario(LoadContext context) : IScenario
{
    private readonly LicenseInitScenario _valid = new(context);

    public string Name => "license-mixed-abuse";

    public double P99LimitMs => 50;

    public double MaxUnexpectedRatio => 0;

    public Task SetupAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<Outcome> ExecuteAsync(long index, CancellationToken cancellationToken)
    {
        var slot = index % 20;
        if (slot < 16)
        {
            return await _valid.ExecuteAsync(index, cancellationToken);
        }

        var address = LoadContext.RandomAddress();
        var (status, code, _) = slot switch
        {
            16 or 17 => await context.PostAsync("api/v1/license/init", "lsk_pub_" + Guid.NewGuid().ToString("N"), context.PubOrigin, "{}", address, cancellationToken),
            18 when context.PubKey is not null => await context.PostAsync("api/v1/license/init", context.PubKey, "https://not-allowed.example.net", "{}", address, cancellationToken),
            18 => await context.PostAsync("api/v1/license/init", context.DevKey, "https://not-allowed.example.net", "{}", address, cancellationToken),
            _ => await context.PostAsync("api/v1/license/refresh", context.DevKey, "http://localhost:3000", $$"""{"sessionId":"{{Guid.NewGuid():N}}"}""", address, cancellationToken),
        };
        var expected = slot switch
        {
            16 or 17 => (401, ErrorCodes.InvalidApiKey),
            18 => context.PubKey is null ? (403, ErrorCodes.DevKeyOnPublicDomain) : (403, ErrorCodes.OriginNotAllowed),
            _ => (404, ErrorCodes.SessionExpired),
        };
        return (status, code) == expected || (status == 429 && code == ErrorCodes.RateLimited)
            ? Outcome.Expected
            : Outcome.ShedOrWrong(status, code, $"{status} {code} (expected {expected.Item1} {expected.Item2})");
    }
}
