using Lipsync.Engine.Audio;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// Feature extraction with the isolation rule: uncompressed samples (WAV and headerless audio, our own
/// readers, every loop bounded by the input) are read in process; compressed formats run in a decode
/// worker that is killed when it stops making progress.
/// </summary>
internal sealed class IsolatedFrontEnd(DecodeWorkerPool? workers) : IDisposable
{
    public FeatureMatrix Extract(Stream audio, RawAudioFormat? raw, TimeSpan maxDuration, CancellationToken cancellationToken) =>
        workers is not null && AudioDecoder.NeedsIsolation(audio, raw)
            ? workers.Extract(audio, maxDuration, cancellationToken)
            : FrontEnd.Extract(audio, raw, maxDuration, cancellationToken);

    public void Dispose() => workers?.Dispose();
}
