using Lipsync.Client;
using Lipsync.Client.Licensing;
using Lipsync.Contracts.Errors;

const string Usage = """
    usage: dotnet run --project samples/SessionStatus -- <endpoint> <key>
           (or set LIPSYNC_KEY and pass only the endpoint)

      endpoint  the backend, e.g. http://127.0.0.1:7071 (what ./run prints)
      key       a dev or publishable key, e.g. the lsk_dev_... key ./run prints

    Starts a license session, prints every status change and refresh until Ctrl-C.
    """;

var key = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("LIPSYNC_KEY");
if (args.Length == 0 || args[0] is "-h" or "--help" || string.IsNullOrEmpty(key)
    || !Uri.TryCreate(args[0], UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

using var http = new HttpClient();
var client = new LipsyncClient(endpoint, key, http, new LipsyncClientOptions { Origin = "http://localhost:3000" });
await using var session = client.CreateLicenseSession(new LicenseSessionOptions { UserId = "sample-user" });

session.StatusChanged += (_, e) => Console.WriteLine($"{DateTime.Now:T} status {e.Previous} -> {e.Current}");
session.Refreshed += (_, e) => Console.WriteLine($"{DateTime.Now:T} refreshed, epoch {e.Epoch}");
session.Failed += (_, e) => Console.WriteLine($"{DateTime.Now:T} error {e.Error.Code} (retryable: {e.Error.Retryable}) next: {e.Error.NextStep}");
session.Refused += (_, e) => Console.WriteLine($"{DateTime.Now:T} refused {e.Error.Code}: {e.Error.Message}");

try
{
    var license = await session.InitAsync();
    Console.WriteLine($"licensed: session {license.SessionId}, key type {license.KeyType}, refresh every {license.RefreshAfterMs} ms");
}
catch (LipsyncException e)
{
    Console.WriteLine($"init failed: {e.Code} ({e.GetType().Name}, HTTP {e.Status}, request {e.RequestId}): {e.NextStep}");
    return 1;
}

Console.WriteLine("Ctrl-C to stop; disable the key (lipsync keys disable <keyId>) to watch the refusal.");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
try
{
    while (!stop.IsCancellationRequested && session.Status != LicenseSessionStatus.Refused)
    {
        await Task.Delay(1000, stop.Token);
    }
}
catch (OperationCanceledException)
{
}

return 0;
