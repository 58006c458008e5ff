namespace Lipsync.IntegrationTests.Infrastructure;

/// <summary>A private Azurite (in memory, on free ports) for one fixture, so tests never share state with ./run.</summary>
internal sealed class Azurite : IAsyncDisposable
{
    // The emulator's well-known, public development account key (documented by Microsoft; not a secret).
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly ChildProcess _process;

    private Azurite(ChildProcess process, int blob, int queue, int table)
    {
        _process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    public static async Task<Azurite> StartAsync()
    {
        var executable = Path.Combine(Repo.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed at {executable}; run ./test (it runs 'npm ci').");
        }

        // A "free" port can be taken by another fixture's process between our probe and Azurite's bind: then
        // Azurite exits (EADDRINUSE) while the port still answers, for a while, as somebody else. Check that
        // our emulator is the one alive, and start again on other ports if not.
        for (var attempt = 1; ; attempt++)
        {
            int blob = Ports.Free(), queue = Ports.Free(), table = Ports.Free();
            var process = ChildProcess.Start(executable,
            [
                "--inMemoryPersistence", "--disableTelemetry", "--silent", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
            ], new Dictionary<string, string?>());
            try
            {
                foreach (var port in new[] { blob, queue, table })
                {
                    await Ports.WaitOpenAsync(port, TimeSpan.FromSeconds(30));
                }

                await Task.Delay(250);
                if (!process.HasExited)
                {
                    return new Azurite(process, blob, queue, table);
                }
            }
            catch when (attempt < 3)
            {
                // try other ports
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }

            await process.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite exited right after starting, three times: {process.Output}");
            }
        }
    }

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(5));

    /// <summary>Freezes (true) or resumes the emulator: storage that accepts connections and never answers.</summary>
    public void Freeze(bool frozen) => _process.Signal(frozen ? 19 : 18);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
