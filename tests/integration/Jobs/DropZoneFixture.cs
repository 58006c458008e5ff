using Lipsync.IntegrationTests.Infrastructure;

namespace Lipsync.IntegrationTests.Jobs;

/// <summary>Test audio made once (12 sentences x WAV 16 kHz, WAV 44.1 kHz stereo, MP3, Ogg) and one pipeline.</summary>
public sealed class DropZoneFixture : IAsyncLifetime
{
    private static readonly string[] Sentences =
    [
        "The quick brown fox jumps over the lazy dog.",
        "Please call Stella and ask her to bring these things.",
        "Six spoons of fresh snow peas and five thick slabs of blue cheese.",
        "We also need a small plastic snake and a big toy frog.",
        "She can scoop these things into three red bags.",
        "Good morning, how are you today?",
        "Mouths move in many shapes when people speak.",
        "Bob bought a big bag of bread at the bakery.",
        "Wow, what a wonderful warm evening it was.",
        "Thin things think thoughts through thick fog.",
        "Lily likes lemon lollipops and lots of lime.",
        "Zebras zigzag through the zoo at noon.",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "lipsync-jobs-" + Guid.NewGuid().ToString("N")[..8]);

    internal PipelineHarness Pipeline { get; private set; } = null!;

    /// <summary>48 decodable files: (file name, bytes).</summary>
    internal List<(string Name, byte[] Content)> Clips { get; } = [];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        var start = PipelineHarness.StartAsync(new Dictionary<string, string?> { ["Batch__SyncMaxBytes"] = "4194304", ["Batch__JobUploadMaxBytes"] = "4194304" });
        await Parallel.ForEachAsync(Enumerable.Range(0, Sentences.Length), async (i, _) =>
        {
            var wav = Path.Combine(_dir, $"s{i:D2}.wav");
            await AudioTools.SpeechWavAsync(Sentences[i], wav);
            await AudioTools.OtherFormatsAsync(wav);
        });
        foreach (var file in Directory.GetFiles(_dir).Order(StringComparer.Ordinal))
        {
            Clips.Add((Path.GetFileName(file), await File.ReadAllBytesAsync(file)));
        }

        Pipeline = await start;
    }

    public async Task DisposeAsync()
    {
        await Pipeline.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DropZoneGroup : ICollectionFixture<DropZoneFixture>
{
    public const string Name = "batch pipeline";
}
