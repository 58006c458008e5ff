using Lipsync.Licensing;
using Lipsync.Licensing.Accounts;
using Lipsync.Licensing.Keys;
using Lipsync.Licensing.Lookup;
using Lipsync.Licensing.Origins;
using Lipsync.Licensing.RateLimiting;
using Lipsync.Licensing.Verification;
using Lipsync.Storage;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;

namespace Lipsync.UnitTests.Licensing;

public sealed class KeyVerifierTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDirectory _directory = new();
    private readonly KeyHasher _hasher = new("unit-test-secret");
    private readonly LicensingOptions _options = new() { FailuresPerAddress = 10, FailuresPerKey = 5, RateLimitWindow = TimeSpan.FromSeconds(60) };
    private readonly KeyVerifier _verifier;

    public KeyVerifierTests()
    {
        var options = Options.Create(_options);
        _verifier = new KeyVerifier(_directory, _hasher, new FailedAttemptLimiter(_time, options), _time, options);
        _directory.Accounts["acme"] = new AccountRecord("acme", SubscriptionStatus.Active, null, [Pattern("https://app.example.com"), Pattern("https://*.example.org")]);
        _directory.Accounts["empty"] = new AccountRecord("empty", SubscriptionStatus.Active, null, []);
    }

    [Fact]
    public async Task No_authorization_is_missing_bearer() =>
        Assert.Equal("missing_bearer", (await VerifyHeadersAsync(StringValues.Empty, "https://app.example.com")).Refusal?.Code);

    [Theory]
    [InlineData("Basic abc")]
    [InlineData("Bearer")]
    [InlineData("Bearer    ")]
    [InlineData("lsk_dev_0123456789012345678901234567890A")]
    public async Task Malformed_authorization_is_missing_bearer(string header) =>
        Assert.Equal("missing_bearer", await RefusalAsync(header, null));

    [Fact]
    public async Task Several_authorization_headers_are_missing_bearer()
    {
        var key = AddKey(ApiKeyType.Dev);
        var result = await VerifyHeadersAsync(new StringValues(["Bearer " + key, "Bearer " + key]), StringValues.Empty);
        Assert.Equal("missing_bearer", result.Refusal!.Code);
        Assert.Contains("exactly one", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer lsk_dev_unknownunknownunknownunknownunkn")]
    [InlineData("Bearer not-a-key")]
    [InlineData("bearer lsk_sec_0123456789012345678901234567890A")]
    public async Task Unknown_or_malformed_keys_are_invalid(string header) =>
        Assert.Equal("invalid_api_key", await RefusalAsync(header, null));

    [Fact]
    public async Task A_key_whose_prefix_lies_about_its_type_is_invalid()
    {
        var key = AddKey(ApiKeyType.Dev);
        var forged = "lsk_pub_" + key[8..];
        _directory.Keys[_hasher.Hash(forged)] = _directory.Keys[_hasher.Hash(key)] with { Hash = _hasher.Hash(forged) };
        Assert.Equal("invalid_api_key", await RefusalAsync("Bearer " + forged, "https://app.example.com"));
    }

    [Fact]
    public async Task A_key_of_a_deleted_account_is_invalid()
    {
        var key = AddKey(ApiKeyType.Dev, account: "ghost");
        Assert.Equal("invalid_api_key", await RefusalAsync("Bearer " + key, null));
    }

    [Fact]
    public async Task Dev_keys_expire_thirty_days_after_creation()
    {
        var key = AddKey(ApiKeyType.Dev);
        Assert.True((await VerifyAsync("Bearer " + key, "http://localhost:3000")).Succeeded);
        _time.Advance(TimeSpan.FromDays(30));
        Assert.Equal("key_expired", await RefusalAsync("Bearer " + key, "http://localhost:3000"));
    }

    [Fact]
    public async Task Explicit_expiry_applies_to_any_key()
    {
        var key = AddKey(ApiKeyType.Sec, expiresAt: _time.GetUtcNow().AddHours(1));
        Assert.True((await VerifyAsync("Bearer " + key, null, Surface.Batch)).Succeeded);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("key_expired", await RefusalAsync("Bearer " + key, null, Surface.Batch));
    }

    [Fact]
    public async Task Expiry_is_checked_before_disabled_and_disabled_before_subscription_and_scope()
    {
        _directory.Accounts["gone"] = new AccountRecord("gone", SubscriptionStatus.Canceled, null, []);
        var key = AddKey(ApiKeyType.Pub, account: "gone", disabled: true, expiresAt: _time.GetUtcNow().AddMinutes(1));
        Assert.Equal("key_disabled", await RefusalAsync("Bearer " + key, null, Surface.Batch));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("key_expired", await RefusalAsync("Bearer " + key, null, Surface.Batch));

        var enabled = AddKey(ApiKeyType.Pub, account: "gone");
        Assert.Equal("subscription_canceled", await RefusalAsync("Bearer " + enabled, null, Surface.Batch));
    }

    [Fact]
    public async Task Past_due_accounts_work_until_the_grace_period_ends()
    {
        _directory.Accounts["late"] = new AccountRecord("late", SubscriptionStatus.PastDue, _time.GetUtcNow().AddDays(3), []);
        var key = AddKey(ApiKeyType.Dev, account: "late");
        Assert.True((await VerifyAsync("Bearer " + key, null)).Succeeded);
        _time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromSeconds(1));
        Assert.Equal("subscription_past_due_expired", await RefusalAsync("Bearer " + key, null));
    }

    [Fact]
    public async Task Trialing_accounts_work() =>
        Assert.True((await VerifyAsync("Bearer " + AddKey(ApiKeyType.Dev, account: Trialing()), null)).Succeeded);

    [Theory]
    [InlineData(ApiKeyType.Dev, Surface.Runtime, true)]
    [InlineData(ApiKeyType.Dev, Surface.Batch, true)]
    [InlineData(ApiKeyType.Pub, Surface.Runtime, true)]
    [InlineData(ApiKeyType.Pub, Surface.Batch, false)]
    [InlineData(ApiKeyType.Sec, Surface.Runtime, false)]
    [InlineData(ApiKeyType.Sec, Surface.Batch, true)]
    public async Task Key_types_are_scoped_to_surfaces(ApiKeyType type, Surface surface, bool allowed)
    {
        var origin = type == ApiKeyType.Pub ? "https://app.example.com" : null;
        var result = await VerifyAsync("Bearer " + AddKey(type), origin, surface);
        Assert.Equal(allowed, result.Succeeded);
        if (!allowed)
        {
            Assert.Equal("wrong_key_scope", result.Refusal!.Code);
        }
    }

    [Theory]
    [InlineData(ApiKeyType.Dev, null, null)]
    [InlineData(ApiKeyType.Dev, "http://localhost:5173", null)]
    [InlineData(ApiKeyType.Dev, "http://app.localhost", null)]
    [InlineData(ApiKeyType.Dev, "http://192.168.1.5:8080", null)]
    [InlineData(ApiKeyType.Dev, "http://[::1]:3000", null)]
    [InlineData(ApiKeyType.Dev, "https://app.example.com", "dev_key_on_public_domain")]
    [InlineData(ApiKeyType.Dev, "null", "dev_key_on_public_domain")]
    [InlineData(ApiKeyType.Pub, null, "missing_origin")]
    [InlineData(ApiKeyType.Pub, "http://localhost:3000", "prod_key_on_localhost")]
    [InlineData(ApiKeyType.Pub, "http://127.0.0.1", "prod_key_on_localhost")]
    [InlineData(ApiKeyType.Pub, "https://app.example.com", null)]
    [InlineData(ApiKeyType.Pub, "https://APP.example.com:443", null)]
    [InlineData(ApiKeyType.Pub, "https://cdn.example.org", null)]
    [InlineData(ApiKeyType.Pub, "https://a.cdn.example.org", "origin_not_allowed")]
    [InlineData(ApiKeyType.Pub, "https://app.example.com:8443", "origin_not_allowed")]
    [InlineData(ApiKeyType.Pub, "http://app.example.com", "origin_not_allowed")]
    [InlineData(ApiKeyType.Pub, "https://evil.com", "origin_not_allowed")]
    [InlineData(ApiKeyType.Pub, "null", "origin_not_allowed")]
    [InlineData(ApiKeyType.Pub, "https://exämple.com", "invalid_request")]
    [InlineData(ApiKeyType.Pub, "https://app.example.com/path", "invalid_request")]
    public async Task Origin_rules_pair_key_types_with_origins(ApiKeyType type, string? origin, string? refusal)
    {
        var result = await VerifyAsync("Bearer " + AddKey(type), origin);
        Assert.Equal(refusal, result.Refusal?.Code);
    }

    [Fact]
    public async Task Pub_keys_of_an_account_without_origins_hit_the_empty_allow_list() =>
        Assert.Equal("origin_allowlist_empty", await RefusalAsync("Bearer " + AddKey(ApiKeyType.Pub, account: "empty"), "https://app.example.com"));

    [Fact]
    public async Task Secret_keys_ignore_origin() =>
        Assert.True((await VerifyAsync("Bearer " + AddKey(ApiKeyType.Sec), "https://anything.test", Surface.Batch)).Succeeded);

    [Fact]
    public async Task Several_origin_headers_are_an_invalid_request()
    {
        var result = await VerifyHeadersAsync("Bearer " + AddKey(ApiKeyType.Pub), new StringValues(["https://app.example.com", "https://evil.com"]));
        Assert.Equal("invalid_request", result.Refusal!.Code);
    }

    [Fact]
    public async Task The_verified_caller_carries_key_account_and_normalized_origin()
    {
        var key = AddKey(ApiKeyType.Pub);
        var result = await VerifyAsync("Bearer " + key, "https://APP.example.com:443");
        Assert.True(result.Succeeded);
        Assert.Equal(_hasher.Hash(key), result.Caller.Key.Hash);
        Assert.Equal("acme", result.Caller.Account.AccountId);
        Assert.Equal("https://app.example.com", result.Caller.Origin.ToString());
    }

    [Fact]
    public async Task Repeated_bad_keys_from_one_address_are_rate_limited_until_the_window_ends()
    {
        for (var i = 0; i < _options.FailuresPerAddress; i++)
        {
            Assert.Equal("invalid_api_key", await RefusalAsync($"Bearer {ApiKeyFormat.Generate(ApiKeyType.Dev)}", null, address: "203.0.113.9"));
        }

        var good = AddKey(ApiKeyType.Dev);
        var limited = await VerifyAsync("Bearer " + good, null, address: "203.0.113.9");
        Assert.Equal("rate_limited", limited.Refusal!.Code);
        Assert.InRange(limited.Refusal.RetryAfter!.Value, TimeSpan.FromTicks(1), _options.RateLimitWindow);

        Assert.True((await VerifyAsync("Bearer " + good, null, address: "198.51.100.1")).Succeeded, "other addresses are unaffected");

        _time.Advance(limited.Refusal.RetryAfter.Value);
        Assert.True((await VerifyAsync("Bearer " + good, null, address: "203.0.113.9")).Succeeded, "a new window starts clean");
    }

    [Fact]
    public async Task One_bad_key_tried_from_many_addresses_is_rate_limited_per_key()
    {
        var bad = $"Bearer {ApiKeyFormat.Generate(ApiKeyType.Pub)}";
        for (var i = 0; i < _options.FailuresPerKey; i++)
        {
            Assert.Equal("invalid_api_key", await RefusalAsync(bad, null, address: $"198.51.100.{i}"));
        }

        Assert.Equal("rate_limited", await RefusalAsync(bad, null, address: "198.51.100.200"));
    }

    [Fact]
    public async Task Refusals_for_real_keys_do_not_count_toward_the_limit()
    {
        var pub = AddKey(ApiKeyType.Pub);
        for (var i = 0; i < _options.FailuresPerAddress * 2; i++)
        {
            Assert.Equal("origin_not_allowed", await RefusalAsync("Bearer " + pub, "https://evil.com", address: "192.0.2.1"));
        }
    }

    [Fact]
    public async Task Storage_that_does_not_answer_becomes_service_unavailable_not_a_hang()
    {
        _options.StorageTimeout = TimeSpan.FromMilliseconds(50);
        _directory.Hang = true;
        await Assert.ThrowsAsync<ServiceUnavailableException>(async () => await VerifyAsync("Bearer " + AddKey(ApiKeyType.Dev), null));
    }

    private string Trialing()
    {
        _directory.Accounts["trial"] = new AccountRecord("trial", SubscriptionStatus.Trialing, null, []);
        return "trial";
    }

    private string AddKey(ApiKeyType type, string account = "acme", bool disabled = false, DateTimeOffset? expiresAt = null)
    {
        var key = ApiKeyFormat.Generate(type);
        _directory.Keys[_hasher.Hash(key)] = new ApiKeyRecord(_hasher.Hash(key), account, type, _time.GetUtcNow(), expiresAt, disabled);
        return key;
    }

    private async Task<string?> RefusalAsync(string authorization, string? origin, Surface surface = Surface.Runtime, string address = "127.0.0.1") =>
        (await VerifyAsync(authorization, origin, surface, address)).Refusal?.Code;

    private ValueTask<VerificationResult> VerifyAsync(string authorization, string? origin, Surface surface = Surface.Runtime, string address = "127.0.0.1") =>
        VerifyHeadersAsync(new StringValues(authorization), new StringValues(origin), surface, address);

    private ValueTask<VerificationResult> VerifyHeadersAsync(StringValues authorization, StringValues origin, Surface surface = Surface.Runtime, string address = "127.0.0.1") =>
        _verifier.VerifyAsync(new VerificationRequest(authorization, origin, address, surface), CancellationToken.None);

    private static OriginPattern Pattern(string text) => OriginPattern.TryParse(text, out var p) ? p! : throw new ArgumentException(text);

    private sealed class InMemoryDirectory : IKeyDirectory
    {
        public Dictionary<string, ApiKeyRecord> Keys { get; } = [];

        public Dictionary<string, AccountRecord> Accounts { get; } = [];

        public bool Hang { get; set; }

        public async ValueTask<ApiKeyRecord?> FindKeyAsync(string keyHash, CancellationToken cancellationToken)
        {
            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return Keys.GetValueOrDefault(keyHash);
        }

        public ValueTask<AccountRecord?> FindAccountAsync(string accountId, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Accounts.GetValueOrDefault(accountId));
    }
}
