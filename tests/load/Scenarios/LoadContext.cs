using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lipsync.Client;

namespace Lipsync.LoadTests.Scenarios;

/// <summary>The target and the keys the scenarios use; one shared connection pool.</summary>
public sealed class LoadContext(Uri target, string devKey, string? pubKey, string? pubOrigin, string secretKey, string? storage)
{
    public Uri Target { get; } = target;

    public string DevKey { get; } = devKey;

    /// <summary>A pub key, when one was given (else browser-like traffic uses the dev key).</summary>
    public string? PubKey { get; } = pubKey;

    /// <summary>An origin on the pub key's allow-list.</summary>
    public string PubOrigin { get; } = pubOrigin ?? "https://load.example.com";

    public string SecretKey { get; } = secretKey;

    /// <summary>Storage connection for the drop zone (batch-drop only).</summary>
    public string? Storage { get; } = storage;

    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>An SDK client as an app would hold one (no retries: the load test counts every answer).</summary>
    public LipsyncClient Client(string key, string? origin) =>
        new(Target, key, Http, Options(origin));

    public static LipsyncClientOptions Options(string? origin)
    {
        var options = new LipsyncClientOptions { Origin = origin };
        options.Retry.MaxRetries = 0;
        return options;
    }

    /// <summary>A raw POST (for traffic the SDK would never send, or a forwarded client address).</summary>
    public async Task<(int Status, string? Code, string Body)> PostAsync(string path, string? key, string? origin, string json, string? forwardedFor, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Target, path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (forwardedFor is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null;
        if (!response.IsSuccessStatusCode)
        {
            try
            {
                using var doc = JsonDocument.Parse(body);
                code = doc.RootElement.GetProperty("code").GetString();
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                code = "<no envelope>";
            }
        }

        return ((int)response.StatusCode, code, body);
    }

    /// <summary>A fresh documentation-range address per call, so per-address limits see distinct clients.</summary>
    public static string RandomAddress() => $"198.51.{Random.Shared.Next(0, 256)}.{Random.Shared.Next(1, 255)}";
}
