using System.Diagnostics;
using System.Text.Json;

namespace Lipsync.IntegrationTests.Infrastructure;

/// <summary>Runs the built <c>lipsync</c> CLI as a process against a storage connection.</summary>
internal sealed class LipsyncCli(string storageConnectionString)
{
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Repo.Output("Cli", "lipsync.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["AzureWebJobsStorage"] = storageConnectionString;
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a verb that must succeed and returns its <c>--json</c> output.</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync([.. args, "--json"]);
        if (code != 0)
        {
            throw new InvalidOperationException($"lipsync {string.Join(' ', args)} exited {code}: {stderr}");
        }

        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.Clone();
    }

    public async Task<string> CreateKeyAsync(string account, string type, string? expiresAt = null)
    {
        string[] args = expiresAt is null
            ? ["keys", "create", "--account", account, "--type", type]
            : ["keys", "create", "--account", account, "--type", type, "--expires-at", expiresAt];
        return (await JsonAsync(args)).GetProperty("key").GetString()!;
    }
}
