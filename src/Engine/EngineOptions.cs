namespace Lipsync.Engine;

/// <summary>Timeline engine settings, section <c>Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>The ONNX model; by default the one shipped next to the engine.</summary>
    public string ModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "models", "viseme.onnx");

    /// <summary>
    /// The model for narrow-band input (recorded at <see cref="NarrowBandMaxSampleRate"/> or less: telephony,
    /// G.711): the wide-band model fine-tuned on the telephone band (<c>tools/train/narrowband.sh</c>). Empty:
    /// every input goes through <see cref="ModelPath"/>.
    /// </summary>
    public string? NarrowBandModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "models", "viseme-8k.onnx");

    /// <summary>Input recorded at this rate or less carries nothing above 4 kHz and goes to <see cref="NarrowBandModelPath"/>.</summary>
    public const int NarrowBandMaxSampleRate = 8000;

    /// <summary>ONNX Runtime intra-op threads per inference; 1 suits small instances (parallelism comes from concurrent jobs).</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>
    /// Run third-party codecs (Ogg Vorbis, MP3) in decode worker processes that are killed when they
    /// stop making progress. Off only for trusted input (training export, benchmarks of the codecs).
    /// </summary>
    public bool IsolateCodecs { get; set; } = true;

    /// <summary>Most decode worker processes at once (each decodes one file at a time); more than one account may hold (<c>Jobs:MaxConcurrentPerAccount</c>).</summary>
    public int DecodeWorkers { get; set; } = Math.Max(4, 2 * Environment.ProcessorCount);

    /// <summary>A decode worker that sends no progress for this long is killed and the file refused (<c>audio_undecodable</c>).</summary>
    public TimeSpan DecodeStallTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// GC heap limit of each decode worker: the most one file, hostile or not, can claim there. Features
    /// stream out as they are made, so a worker holds the input (up to 16 MB in memory, spooled to disk
    /// beyond) and decoder buffers whatever the length: 128 MB leaves room for both.
    /// </summary>
    public int DecodeWorkerHeapMb { get; set; } = 128;

    /// <summary>Longest accepted recording.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Frames quieter than this are silence (the SDK's −50 dBFS gate) when the quiet lasts <see cref="SilenceMinFrames"/>.</summary>
    public float SilenceDbfs { get; set; } = -50f;

    /// <summary>Shortest quiet stretch (frames) the gate turns to silence; shorter gaps (stop closures) are left to the model.</summary>
    public int SilenceMinFrames { get; set; } = 10;

    /// <summary>Log-probability cost of a viseme change in decoding: higher is steadier.</summary>
    public float SwitchPenalty { get; set; } = 2.5f;

    /// <summary>Shortest run (frames) kept after decoding: no one-frame flicker.</summary>
    public int MinRunFrames { get; set; } = 3;
}
