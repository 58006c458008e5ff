// dotnet run --project samples/SessionStatus -- http://127.0.0.1:7071 <lsk_dev_ key from ./run>
using Lipsync.Client;
using Lipsync.Client.Licensing;
using Lipsync.Contracts.Errors;

var endpoint = new Uri(args.Length > 0 ? args[0] : "http://127.0.0.1:7071");
var key = args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("LIPSYNC_KEY") ?? throw new ArgumentException("pass a key");

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
