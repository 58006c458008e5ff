using System.Net.Http.Headers;

namespace Lipsync.IntegrationTests.Infrastructure;

/// <summary>LocalHost started as a real process (<c>dotnet Lipsync.LocalHost.dll</c>) against a given storage.</summary>
internal sealed class LocalHostProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private LocalHostProcess(ChildProcess process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        Client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, then the time until the process is gone (killed after <paramref name="grace"/>).</summary>
    public async Task<(TimeSpan Took, int ExitCode)> TerminateAsync(TimeSpan grace)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var code = await _process.StopAsync(grace);
        return (clock.Elapsed, code);
    }

    /// <summary>Starts LocalHost and waits for its health route (a 503 counts when <paramref name="misconfigured"/>: it has started and says why).</summary>
    public static async Task<LocalHostProcess> StartAsync(string storageConnectionString, IDictionary<string, string?>? settings = null, bool misconfigured = false)
    {
        var dll = Repo.Output("LocalHost", "Lipsync.LocalHost.dll");
        var port = Ports.Free();
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storageConnectionString,
            ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["License__SigningKeyPath"] = Path.Combine(Path.GetTempPath(), $"lipsync-test-{Guid.NewGuid():N}.pem"),
            ["DOTNET_NOLOGO"] = "1",

            // The suite runs many hosts, emulators and codecs on two cores: at the production target (5 ms of
            // queueing for 50 ms) admission control would shed now and then and make functional tests flaky.
            // It stays on; only stalls of a quarter second shed here. OverloadAdmissionTests sets its own.
            ["Admission__QueueDelayTarget"] = "00:00:00.250",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            environment[k] = v;
        }

        var process = ChildProcess.Start("dotnet", [dll], environment, Path.GetDirectoryName(dll));
        var host = new LocalHostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("LocalHost exited during start:\n" + process.Output);
            }

            try
            {
                using var response = await host.Client.GetAsync(new Uri("/api/health", UriKind.Relative));
                if (response.IsSuccessStatusCode || (misconfigured && response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable))
                {
                    return host;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("LocalHost did not become healthy:\n" + process.Output);
            }

            await Task.Delay(100);
        }
    }

    public Task<int> StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(15));

    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _process.DisposeAsync();
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string? key = null, string? origin = null, string? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", origin);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}
