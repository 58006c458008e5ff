using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;
using Lipsync.Engine.Isolation;

namespace Lipsync.Fuzzing;

/// <summary>
/// What a fuzz input runs through. <see cref="Served"/> is the engine's own path (WAV in process,
/// third-party codecs in a decode worker killed when it stalls); <see cref="InProcess"/> calls the
/// codecs directly, to see what the isolation is protecting against.
/// </summary>
public sealed class FuzzTarget : IDisposable
{
    /// <summary>The outcome name for an input whose decoder stalled and was killed.</summary>
    public const string Stalled = "stalled (worker killed)";

    private static readonly HashSet<string> AudioCodes = [ErrorCodes.AudioEmpty, ErrorCodes.AudioUnsupported, ErrorCodes.AudioUndecodable, ErrorCodes.AudioTooLong, ErrorCodes.AudioTruncated];
    private readonly IsolatedFrontEnd _frontEnd;

    private FuzzTarget(IsolatedFrontEnd frontEnd) => _frontEnd = frontEnd;

    public static FuzzTarget Served(TimeSpan stallTimeout) =>
        new(new IsolatedFrontEnd(new DecodeWorkerPool(1, stallTimeout, 256L * 1024 * 1024)));

    public static FuzzTarget InProcess() => new(new IsolatedFrontEnd(null));

    /// <summary>Runs one input: "ok" for finite features, the catalogue code for an audio error; anything else throws.</summary>
    public string Execute(byte[] input)
    {
        try
        {
            var features = _frontEnd.Extract(new MemoryStream(input), raw: null, TimeSpan.FromMinutes(10), CancellationToken.None);
            if (features.Frames <= 0 || Array.Exists(features.Values, v => !float.IsFinite(v)))
            {
                throw new InvalidOperationException("features are empty or not finite");
            }

            return "ok";
        }
        catch (LipsyncException e) when (AudioCodes.Contains(e.Code))
        {
            return e.Message.Contains("no progress", StringComparison.Ordinal) ? Stalled : e.Code;
        }
    }

    public void Dispose() => _frontEnd.Dispose();
}
