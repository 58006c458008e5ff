using System.Net;
using System.Text;
using System.Text.Json;
using Lipsync.Contracts.Errors;
using Lipsync.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lipsync.IntegrationTests.License;

/// <summary>Every refusal and success path of the license routes, through real HTTP against Azurite.</summary>
[Collection(EdgeTestGroup.Name)]
public sealed class LicenseEdgeTests(EdgeFixture edge)
{
    private const string Init = "/api/v1/license/init";
    private const string Refresh = "/api/v1/license/refresh";
    private static int _address;

    // Each test calls from its own client address, so rate limits never leak between tests.
    private readonly string _client = $"198.18.{Interlocked.Increment(ref _address) / 250}.{_address % 250}";

    [Fact]
    public async Task Dev_key_from_localhost_gets_a_signed_license()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Init, edge.DevKey, "http://localhost:5173", """{"userId":"user-1"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("ses_", body.GetProperty("sessionId").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, body.GetProperty("epoch").GetInt64());
        Assert.Equal(1000, body.GetProperty("refreshAfterMs").GetInt64());
        Assert.Equal("dev", body.GetProperty("keyType").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1), EdgeFixture.SessionTtl + TimeSpan.FromSeconds(1));

        var claims = await VerifyLicenseAsync(body.GetProperty("license").GetString()!);
        Assert.False(string.IsNullOrEmpty(claims.GetClaim("sid").Value));
        Assert.DoesNotContain(claims.GetClaim("sid").Value, body.GetProperty("sessionId").GetString()!, StringComparison.Ordinal); // sealed, not readable
        Assert.Equal("acme", claims.GetClaim("acct").Value);
        Assert.Equal("http://localhost:5173", claims.GetClaim("origin").Value);
        Assert.Equal("1", claims.GetClaim("epoch").Value);
    }

    [Fact]
    public async Task Dev_key_without_origin_works_server_side()
    {
        var (status, _) = await SendAsync(HttpMethod.Post, Init, edge.DevKey, origin: null);
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("https://APP.example.com:443")]
    [InlineData("https://shop.example.org")]
    public async Task Pub_key_from_an_allowed_or_wildcard_origin_gets_a_license(string origin)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, Init, edge.PubKey, origin);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("pub", body.GetProperty("keyType").GetString());
    }

    [Fact]
    public async Task Trialing_accounts_get_licenses() =>
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, Init, edge.TrialingDevKey, "http://localhost")).Status);

    [Fact]
    public async Task Refresh_chain_raises_the_epoch_and_extends_the_session()
    {
        var (_, init) = await SendAsync(HttpMethod.Post, Init, edge.PubKey, "https://app.example.com");
        var sessionId = init.GetProperty("sessionId").GetString();
        var sid = (await VerifyLicenseAsync(init.GetProperty("license").GetString()!)).GetClaim("sid").Value;
        var previousExpiry = init.GetProperty("expiresAt").GetDateTimeOffset();
        for (var expected = 2; expected <= 4; expected++)
        {
            await Task.Delay(50);
            var (status, body) = await SendAsync(HttpMethod.Post, Refresh, edge.PubKey, "https://app.example.com", $$"""{"sessionId":"{{sessionId}}"}""");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(expected, body.GetProperty("epoch").GetInt64());
            var expiry = body.GetProperty("expiresAt").GetDateTimeOffset();
            Assert.True(expiry > previousExpiry);
            previousExpiry = expiry;
            var claims = await VerifyLicenseAsync(body.GetProperty("license").GetString()!);
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), claims.GetClaim("epoch").Value);
            Assert.Equal(sid, claims.GetClaim("sid").Value); // one session throughout

            // The contract: send back exactly what the last refresh returned (it carries the epoch and expiry).
            sessionId = body.GetProperty("sessionId").GetString();
        }
    }

    [Fact]
    public async Task A_lapsed_session_is_session_expired()
    {
        var (_, init) = await SendAsync(HttpMethod.Post, Init, edge.DevKey, "http://localhost:3000");
        await Task.Delay(EdgeFixture.SessionTtl + TimeSpan.FromMilliseconds(500));
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, "http://localhost:3000", $$"""{"sessionId":"{{init.GetProperty("sessionId").GetString()}}"}""", "session_expired", 404);
    }

    [Theory]
    [InlineData("ses_doesnotexist000000000")]
    [InlineData("../../etc/passwd")]
    [InlineData("ses_#?/")]
    public async Task Unknown_or_malformed_session_ids_are_session_expired(string sessionId) =>
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, null, JsonSerializer.Serialize(new { sessionId }), "session_expired", 404);

    [Fact]
    public async Task A_session_is_not_refreshable_from_another_origin_or_key()
    {
        var (_, init) = await SendAsync(HttpMethod.Post, Init, edge.PubKey, "https://app.example.com");
        var body = $$"""{"sessionId":"{{init.GetProperty("sessionId").GetString()}}"}""";
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.PubKey, "https://shop.example.org", body, "session_expired", 404);
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, null, body, "session_expired", 404);
    }

    [Fact]
    public async Task A_key_disabled_mid_session_is_refused_at_a_refresh_within_the_staleness_bound()
    {
        var created = await edge.Cli.JsonAsync("keys", "create", "--account", "acme", "--type", "pub");
        var (key, keyId) = (created.GetProperty("key").GetString()!, created.GetProperty("keyId").GetString()!);
        var (_, init) = await SendAsync(HttpMethod.Post, Init, key, "https://app.example.com");
        var body = $$"""{"sessionId":"{{init.GetProperty("sessionId").GetString()}}"}""";
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, Refresh, key, "https://app.example.com", body)).Status);

        await edge.Cli.JsonAsync("keys", "disable", keyId);
        var disabledAt = DateTimeOffset.UtcNow;

        var code = await PollUntilRefusedAsync(() => SendAsync(HttpMethod.Post, Refresh, key, "https://app.example.com", body));
        Assert.Equal("key_disabled", code);
        Assert.True(DateTimeOffset.UtcNow - disabledAt < EdgeFixture.CacheMaxStale + TimeSpan.FromSeconds(3), "refused within the cache's staleness bound");
    }

    [Fact]
    public async Task Past_due_accounts_work_inside_the_grace_period_and_are_refused_after_it()
    {
        var account = "late-" + Guid.NewGuid().ToString("N")[..8];
        await edge.Cli.JsonAsync("accounts", "create", "--account", account, "--status", "past_due", "--grace-until", DateTimeOffset.UtcNow.AddDays(2).ToString("O"));
        var key = await edge.Cli.CreateKeyAsync(account, "dev");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, Init, key, "http://localhost")).Status);

        await edge.Cli.JsonAsync("accounts", "set", "--account", account, "--status", "past_due", "--grace-until", DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"));
        Assert.Equal("subscription_past_due_expired", await PollUntilRefusedAsync(() => SendAsync(HttpMethod.Post, Init, key, "http://localhost")));
    }

    [Fact]
    public async Task Every_edge_refusal_is_reachable_with_its_status()
    {
        await AssertRefusedAsync(HttpMethod.Post, Init, key: null, "http://localhost", null, "missing_bearer", 401);
        await AssertRefusedAsync(HttpMethod.Post, Init, "lsk_dev_" + new string('x', 32), "http://localhost", null, "invalid_api_key", 401);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.CanceledDevKey, "http://localhost", null, "subscription_canceled", 402);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.SecKey, null, null, "wrong_key_scope", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.PubKey, "http://localhost:3000", null, "prod_key_on_localhost", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, "https://app.example.com", null, "dev_key_on_public_domain", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.PubKey, "https://evil.example.net", null, "origin_not_allowed", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.EmptyAllowListPubKey, "https://app.example.com", null, "origin_allowlist_empty", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.PubKey, null, null, "missing_origin", 403);
    }

    [Fact]
    public async Task An_expired_key_is_key_expired()
    {
        // Far enough ahead that a slow CLI start on a busy machine still creates it before it expires.
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(8);
        var key = await edge.Cli.CreateKeyAsync("acme", "dev", expiresAt.ToString("O"));
        var wait = expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
        await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        await AssertRefusedAsync(HttpMethod.Post, Init, key, "http://localhost", null, "key_expired", 401);
    }

    [Fact]
    public async Task A_disabled_key_is_key_disabled()
    {
        var created = await edge.Cli.JsonAsync("keys", "create", "--account", "acme", "--type", "dev");
        await edge.Cli.JsonAsync("keys", "disable", created.GetProperty("keyId").GetString()!);
        await AssertRefusedAsync(HttpMethod.Post, Init, created.GetProperty("key").GetString(), "http://localhost", null, "key_disabled", 402);
    }

    [Fact]
    public async Task A_burst_of_bad_keys_from_one_address_meets_rate_limited_with_retry_after()
    {
        // Until the first 429, at most 45 attempts against a limit of 20 per fixed 60 s window (25 could
        // straddle a window boundary and never reach it).
        HttpResponseMessage? last = null;
        for (var i = 0; i < 45 && last?.StatusCode != HttpStatusCode.TooManyRequests; i++)
        {
            last?.Dispose();
            last = await edge.Host.Client.SendAsync(WithClient(LocalHostProcess.Request(HttpMethod.Post, Init, $"lsk_dev_{Guid.NewGuid():N}", "http://localhost")));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        var body = await ReadEnvelopeAsync(last);
        Assert.Equal("rate_limited", body.GetProperty("code").GetString());
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);

        // The same address is refused even with a valid key until the window ends.
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, "http://localhost", null, "rate_limited", 429);
        last.Dispose();
    }

    [Fact]
    public async Task Preflights_and_refusals_carry_cors_headers_without_credentials()
    {
        using var preflight = LocalHostProcess.Request(HttpMethod.Options, Init, origin: "https://evil.example.net");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        using var answer = await edge.Host.Client.SendAsync(WithClient(preflight));
        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Credentials"));

        using var refused = await edge.Host.Client.SendAsync(WithClient(LocalHostProcess.Request(HttpMethod.Post, Init, edge.PubKey, "https://evil.example.net")));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Retry-After", refused.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Bad_requests_get_clear_envelopes()
    {
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, null, "{not json", "invalid_json", 400);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, null, """{"userId": 42}""", "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, null, "[1,2]", "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, null, JsonSerializer.Serialize(new { userId = new string('u', 300) }), "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, null, JsonSerializer.Serialize(new { userId = new string('u', 5000) }), "payload_too_large", 413);
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, null, null, "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, null, """{"sessionId": null}""", "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Refresh, edge.DevKey, null, """{"sessionId": ["x"]}""", "invalid_request", 400);

        using var xml = LocalHostProcess.Request(HttpMethod.Post, Init, edge.DevKey);
        xml.Content = new StringContent("<init/>", Encoding.UTF8, "application/xml");
        await AssertEnvelopeAsync(await edge.Host.Client.SendAsync(WithClient(xml)), "unsupported_media_type", 415);
    }

    [Fact]
    public async Task Streamed_bodies_without_a_length_are_capped_too()
    {
        using var request = LocalHostProcess.Request(HttpMethod.Post, Init, edge.DevKey);
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes("{\"userId\":\"" + new string('a', 100_000) + "\"}")));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TransferEncodingChunked = true;
        await AssertEnvelopeAsync(await edge.Host.Client.SendAsync(WithClient(request)), "payload_too_large", 413);
    }

    [Fact]
    public async Task Header_tricks_get_clear_envelopes()
    {
        using var two = LocalHostProcess.Request(HttpMethod.Post, Init);
        two.Headers.TryAddWithoutValidation("Authorization", ["Bearer " + edge.DevKey, "Bearer " + edge.PubKey]);
        await AssertEnvelopeAsync(await edge.Host.Client.SendAsync(WithClient(two)), "missing_bearer", 401);

        using var empty = LocalHostProcess.Request(HttpMethod.Post, Init);
        empty.Headers.TryAddWithoutValidation("Authorization", "Bearer ");
        await AssertEnvelopeAsync(await edge.Host.Client.SendAsync(WithClient(empty)), "missing_bearer", 401);

        using var basic = LocalHostProcess.Request(HttpMethod.Post, Init);
        basic.Headers.TryAddWithoutValidation("Authorization", "Basic dXNlcjpwYXNz");
        await AssertEnvelopeAsync(await edge.Host.Client.SendAsync(WithClient(basic)), "missing_bearer", 401);

        await AssertRefusedAsync(HttpMethod.Post, Init, edge.PubKey, "https://exämple.com", null, "invalid_request", 400);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.PubKey, "null", null, "origin_not_allowed", 403);
        await AssertRefusedAsync(HttpMethod.Post, Init, edge.DevKey, "null", null, "dev_key_on_public_domain", 403);
    }

    [Fact]
    public async Task Unknown_routes_and_wrong_methods_are_json_envelopes()
    {
        await AssertRefusedAsync(HttpMethod.Get, "/api/v1/nothing-here", null, null, null, "route_not_found", 404);
        await AssertRefusedAsync(HttpMethod.Get, "/not-even-api", null, null, null, "route_not_found", 404);
        await AssertRefusedAsync(HttpMethod.Get, Init, edge.DevKey, null, null, "method_not_allowed", 405);
        await AssertRefusedAsync(HttpMethod.Delete, "/api/v1/license/jwks", null, null, null, "method_not_allowed", 405);
    }

    [Fact]
    public async Task Init_attributes_a_monthly_active_user_in_the_usage_table()
    {
        var user = "mau-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, Init, edge.DevKey, null, JsonSerializer.Serialize(new { userId = user }))).Status);
        var table = new Azure.Data.Tables.TableClient(edge.StorageConnectionString, "usage");
        var partition = $"acme|mau|{DateTime.UtcNow:yyyy-MM}";
        var userHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(user)))[..32];
        for (var i = 0; i < 100; i++)
        {
            if ((await table.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(partition, userHash)).HasValue)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the MAU row was not written within 10 s");
    }

    [Fact]
    public async Task Keys_are_stored_only_as_hashes()
    {
        var table = new Azure.Data.Tables.TableClient(edge.StorageConnectionString, "keys");
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            foreach (var value in row.Select(p => p.Value))
            {
                Assert.DoesNotContain(edge.DevKey[8..], value?.ToString() ?? "", StringComparison.Ordinal);
                Assert.DoesNotContain(edge.PubKey[8..], value?.ToString() ?? "", StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(edge.DevKey, edge.Host.Output, StringComparison.Ordinal);
    }

    private static async Task<string> PollUntilRefusedAsync(Func<Task<(HttpStatusCode Status, JsonElement Body)>> call)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var (status, body) = await call();
            if (status != HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return body.TryGetProperty("code", out var code) ? code.GetString()! : "(still OK)";
            }

            await Task.Delay(100);
        }
    }

    private async Task<JsonWebToken> VerifyLicenseAsync(string license)
    {
        var jwks = await edge.Host.Client.GetStringAsync(new Uri("/api/v1/license/jwks", UriKind.Relative));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(license, new TokenValidationParameters
        {
            IssuerSigningKeys = new JsonWebKeySet(jwks).GetSigningKeys(),
            ValidIssuer = "lipsync",
            ValidateAudience = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        return (JsonWebToken)result.SecurityToken;
    }

    private HttpRequestMessage WithClient(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", _client);
        return request;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? key, string? origin, string? json = null)
    {
        using var response = await edge.Host.Client.SendAsync(WithClient(LocalHostProcess.Request(method, path, key, origin, json)));
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private async Task AssertRefusedAsync(HttpMethod method, string path, string? key, string? origin, string? json, string code, int status)
    {
        using var response = await edge.Host.Client.SendAsync(WithClient(LocalHostProcess.Request(method, path, key, origin, json)));
        await AssertEnvelopeAsync(response, code, status);
    }

    private static async Task AssertEnvelopeAsync(HttpResponseMessage response, string code, int status)
    {
        using (response)
        {
            var body = await ReadEnvelopeAsync(response);
            Assert.True(code == body.GetProperty("code").GetString(), $"expected {code}, got {body}");
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(ErrorCatalog.Get(code).Status, status);
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
            Assert.Equal(response.Headers.GetValues("x-request-id").Single(), body.GetProperty("requestId").GetString());
        }
    }

    private static async Task<JsonElement> ReadEnvelopeAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
