using Lipsync.Contracts.Timelines;
using Lipsync.Engine;
using Lipsync.Engine.Audio;
using Lipsync.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lipsync.IntegrationTests.Engine;

/// <summary>
/// Which model reads what: audio recorded at 8 kHz or less (G.711 WAV, headerless <c>audio/basic</c>,
/// an 8 kHz MP3 through the decode worker) goes through the narrow-band model, wider audio through the
/// wide-band one; the shipped engine gives exactly what the chosen model alone gives.
/// </summary>
public sealed class NarrowBandModelTests : IAsyncLifetime
{
    private static readonly string Models = Path.Combine(Repo.Root, "models");
    private readonly string _dir = Directory.CreateTempSubdirectory("lipsync-narrow-").FullName;
    private readonly TimelineEngine _shipped = Engine(Path.Combine(Models, "viseme.onnx"), Path.Combine(Models, "viseme-8k.onnx"));
    private readonly TimelineEngine _wideOnly = Engine(Path.Combine(Models, "viseme.onnx"), narrowBand: null);
    private readonly TimelineEngine _narrowOnly = Engine(Path.Combine(Models, "viseme-8k.onnx"), narrowBand: null);

    public async Task InitializeAsync()
    {
        var speech = Path.Combine(_dir, "speech.wav");
        await AudioTools.RunAsync("espeak-ng", "-v", "en-us+m3", "-w", speech, "Call me back when you get this, the number is five five five, thanks.");
        await AudioTools.RunAsync("sox", speech, "-r", "16000", "-b", "16", Path.Combine(_dir, "wide.wav"));
        await AudioTools.RunAsync("sox", speech, "-r", "8000", "-e", "mu-law", "-b", "8", Path.Combine(_dir, "mulaw.wav"));
        await AudioTools.RunAsync("sox", speech, "-r", "8000", "-t", "raw", "-e", "mu-law", "-b", "8", Path.Combine(_dir, "call.ulaw"));
        await AudioTools.RunAsync("sox", speech, "-r", "8000", "-b", "16", Path.Combine(_dir, "pcm8k.wav"));
        await AudioTools.RunAsync("lame", "--quiet", "-b", "24", Path.Combine(_dir, "pcm8k.wav"), Path.Combine(_dir, "call.mp3"));
    }

    public Task DisposeAsync()
    {
        _shipped.Dispose();
        _wideOnly.Dispose();
        _narrowOnly.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("mulaw.wav", null)]
    [InlineData("call.ulaw", "audio/basic")]
    [InlineData("call.mp3", null)] // decoded in a worker process: the source rate crosses the pipe
    public void Audio_recorded_at_8_kHz_goes_through_the_narrow_band_model(string file, string? mediaType)
    {
        var shipped = Frames(_shipped, file, mediaType);

        Assert.Equal(Frames(_narrowOnly, file, mediaType), shipped);
        Assert.NotEqual(Frames(_wideOnly, file, mediaType), shipped);
    }

    [Fact]
    public void Wide_band_audio_goes_through_the_wide_band_model()
    {
        var shipped = Frames(_shipped, "wide.wav", null);

        Assert.Equal(Frames(_wideOnly, "wide.wav", null), shipped);
        Assert.NotEqual(Frames(_narrowOnly, "wide.wav", null), shipped);
    }

    private static TimelineEngine Engine(string model, string? narrowBand) =>
        new(Options.Create(new EngineOptions { ModelPath = model, NarrowBandModelPath = narrowBand, DecodeWorkers = 1 }));

    private int[] Frames(TimelineEngine engine, string file, string? mediaType)
    {
        Assert.True(RawAudioFormat.TryParse(mediaType, out var raw, out var problem), problem);
        using var audio = File.OpenRead(Path.Combine(_dir, file));
        return Timelines.TimelineToFrames(engine.Process(audio, raw, TimeSpan.FromMinutes(1)));
    }
}
