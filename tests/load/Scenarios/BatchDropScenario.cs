using Azure.Storage.Blobs;
using Lipsync.Contracts.Errors;
using Lipsync.Contracts.Jobs;
using Lipsync.LoadTests.Running;

namespace Lipsync.LoadTests.Scenarios;

/// <summary>
/// <c>batch-drop</c>: a clip dropped into <c>audio-in/&lt;account&gt;/load/…</c>, its job looked up and awaited
/// through the SDK; latency is drop to timeline. Audio-seconds per second is reported beside it.
/// </summary>
public sealed class BatchDropScenario(LoadContext context, string account) : IScenario
{
    public const double ClipSeconds = 5;
    private readonly string _run = DateTime.UtcNow.ToString("HHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
    private BlobContainerClient? _container;
    private BinaryData? _clip;

    public string Name => "batch-drop";

    public double P99LimitMs => 30_000;

    public double MaxUnexpectedRatio => 0;

    public Task SetupAsync(CancellationToken cancellationToken)
    {
        if (context.Storage is null)
        {
            throw new InvalidOperationException("batch-drop needs the storage connection (--storage or AzureWebJobsStorage).");
        }

        var options = new BlobClientOptions();
        _container = new BlobServiceClient(context.Storage, options).GetBlobContainerClient("audio-in");
        _clip = BinaryData.FromBytes(SyntheticSpeech.Wav(ClipSeconds));
        return Task.CompletedTask;
    }

    public async Task<Outcome> ExecuteAsync(long index, CancellationToken cancellationToken)
    {
        var name = $"{account}/load/{_run}/clip{index:D5}.wav";
        await _container!.GetBlobClient(name).UploadAsync(_clip, overwrite: true, cancellationToken);
        var client = context.Client(context.SecretKey, null);
        try
        {
            var job = await client.SubmitJobForBlobAsync(name, cancellationToken);
            var done = await client.WaitForJobAsync(job.JobId, TimeSpan.FromMilliseconds(100), cancellationToken);
            return done.Status == JobStatus.Succeeded ? Outcome.Expected : Outcome.Wrong(done.Error?.Code ?? done.Status);
        }
        catch (LipsyncException e)
        {
            return Outcome.Wrong(e.Code);
        }
    }
}

/// <summary>Speech-like test audio without external tools: voiced bursts with formant-ish harmonics and pauses.</summary>
internal static class SyntheticSpeech
{
    public static byte[] Wav(double seconds, int rate = 16000)
    {
        var samples = (int)(seconds * rate);
        using var stream = new MemoryStream();
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8);
        w.Write(36 + (samples * 2));
        w.Write("WAVEfmt "u8);
        w.Write(16);
        w.Write((short)1);
        w.Write((short)1);
        w.Write(rate);
        w.Write(rate * 2);
        w.Write((short)2);
        w.Write((short)16);
        w.Write("data"u8);
        w.Write(samples * 2);
        var random = new Random(7);
        for (var i = 0; i < samples; i++)
        {
            var t = (double)i / rate;
            var syllable = (t * 4) % 1;
            var envelope = syllable < 0.7 && (int)(t / 1.5) % 4 != 3 ? Math.Sin(Math.PI * syllable / 0.7) : 0;
            var f0 = 120 + (20 * Math.Sin(t * 2));
            var voice = Math.Sin(2 * Math.PI * f0 * t) + (0.5 * Math.Sin(2 * Math.PI * 700 * t)) + (0.3 * Math.Sin(2 * Math.PI * 1200 * t));
            var value = (envelope * voice * 6000) + ((random.NextDouble() - 0.5) * 60);
            w.Write((short)Math.Clamp(value, short.MinValue, short.MaxValue));
        }

        w.Flush();
        return stream.ToArray();
    }
}
