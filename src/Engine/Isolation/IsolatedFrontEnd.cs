using Lipsync.Engine.Audio;
using Lipsync.Engine.Features;

namespace Lipsync.Engine.Isolation;

/// <summary>
/// Feature extraction with the isolation rule: WAV (our own decoder, every loop bounded by the
/// input) runs in process; formats decoded by third-party codecs run in a decode worker that is
/// killed when it stops making progress.
/// </summary>
internal sealed class IsolatedFrontEnd(DecodeWorkerPool? workers) : IDisposable
{
    public FeatureMatrix Extract(Stream audio, TimeSpan maxDuration, CancellationToken cancellationToken) =>
        workers is not null && AudioDecoder.NeedsIsolation(audio)
            ? workers.Extract(audio, maxDuration, cancellationToken)
            : FrontEnd.Extract(audio, maxDuration, cancellationToken);

    public void Dispose() => workers?.Dispose();
}
