using Lipsync.Contracts.Timelines;
using Lipsync.Engine.Audio;
using Lipsync.Engine.Decoding;
using Lipsync.Engine.Features;
using Lipsync.Engine.Inference;
using Lipsync.Engine.Isolation;
using Microsoft.Extensions.Options;

namespace Lipsync.Engine;

/// <summary>
/// Audio in, <see cref="VisemeTimeline"/> out. Thread-safe and meant to be a singleton: the model is
/// loaded once. Failures are <see cref="Contracts.Errors.LipsyncException"/>s with catalogue codes
/// (<c>audio_empty</c>, <c>audio_unsupported</c>, <c>audio_undecodable</c>, <c>audio_too_long</c>).
/// </summary>
public sealed class TimelineEngine : IDisposable
{
    private readonly EngineOptions _options;
    private readonly VisemeModel _model;
    private readonly VisemeModel? _narrowBand;
    private readonly IsolatedFrontEnd _frontEnd;

    public TimelineEngine(IOptions<EngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _model = new VisemeModel(_options.ModelPath, _options.IntraOpThreads);
        try
        {
            _narrowBand = string.IsNullOrEmpty(_options.NarrowBandModelPath) ? null : new VisemeModel(_options.NarrowBandModelPath, _options.IntraOpThreads);
        }
        catch
        {
            _model.Dispose();
            throw;
        }

        _frontEnd = new IsolatedFrontEnd(_options.IsolateCodecs
            ? new DecodeWorkerPool(_options.DecodeWorkers, _options.DecodeStallTimeout, _options.DecodeWorkerHeapMb * 1024L * 1024L)
            : null);
    }

    public VisemeTimeline Process(Stream audio, CancellationToken cancellationToken = default) =>
        Process(audio, _options.MaxDuration, cancellationToken);

    /// <summary>As <see cref="Process(Stream, CancellationToken)"/> with a tighter duration limit (<c>audio_too_long</c> past it).</summary>
    public VisemeTimeline Process(Stream audio, TimeSpan maxDuration, CancellationToken cancellationToken = default) =>
        Process(audio, raw: null, maxDuration, cancellationToken);

    /// <summary>
    /// As <see cref="Process(Stream, TimeSpan, CancellationToken)"/>; <paramref name="raw"/> describes the
    /// samples when the audio is headerless (from its media type), and is ignored when the bytes carry a header.
    /// </summary>
    public VisemeTimeline Process(Stream audio, RawAudioFormat? raw, TimeSpan maxDuration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audio);
        var limit = maxDuration < _options.MaxDuration ? maxDuration : _options.MaxDuration;
        return Process(_frontEnd.Extract(audio, raw, limit, cancellationToken));
    }

    /// <summary>
    /// Runs model and decoding on extracted features (normalizes them in place); audio recorded at
    /// <see cref="EngineOptions.NarrowBandMaxSampleRate"/> or less goes through the narrow-band model.
    /// </summary>
    public VisemeTimeline Process(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        features.Normalize();
        var model = _narrowBand is not null && features.SourceSampleRate <= EngineOptions.NarrowBandMaxSampleRate ? _narrowBand : _model;
        var logPosteriors = model.LogPosteriors(features);
        var gated = SilenceGate.Mask(features.LevelsDbfs, _options.SilenceDbfs, _options.SilenceMinFrames);
        var frames = CueDecoder.Decode(logPosteriors, gated, _options.SwitchPenalty, _options.MinRunFrames);
        var speechFrames = 0;
        foreach (var v in frames)
        {
            if (v != Visemes.Silence)
            {
                speechFrames++;
            }
        }

        var durationMs = features.DurationMs;
        return Timelines.FramesToTimeline(frames, Math.Min(durationMs, speechFrames * VisemeTimeline.DefaultFrameMs), VisemeTimeline.DefaultFrameMs, durationMs);
    }

    public void Dispose()
    {
        _model.Dispose();
        _narrowBand?.Dispose();
        _frontEnd.Dispose();
    }
}
