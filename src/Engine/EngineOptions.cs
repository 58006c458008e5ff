namespace Lipsync.Engine;

/// <summary>Timeline engine settings, section <c>Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Engine";

    /// <summary>The ONNX model; by default the one shipped next to the engine.</summary>
    public string ModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "models", "viseme.onnx");

    /// <summary>ONNX Runtime intra-op threads per inference; 1 suits small instances (parallelism comes from concurrent jobs).</summary>
    public int IntraOpThreads { get; set; } = 1;

    /// <summary>Longest accepted recording.</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromHours(3);

    /// <summary>Frames quieter than this are silence (the SDK's −50 dBFS gate).</summary>
    public float SilenceDbfs { get; set; } = -50f;

    /// <summary>Log-probability cost of a viseme change in decoding: higher is steadier.</summary>
    public float SwitchPenalty { get; set; } = 2.5f;

    /// <summary>Shortest run (frames) kept after decoding: no one-frame flicker.</summary>
    public int MinRunFrames { get; set; } = 3;
}
