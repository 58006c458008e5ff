namespace Lipsync.Engine.Audio;

/// <summary>A decoder positioned in a stream: interleaved float samples in [-1, 1], read block by block.</summary>
internal interface IAudioSource : IDisposable
{
    int SampleRate { get; }

    int Channels { get; }

    /// <summary>Fills <paramref name="interleaved"/> (a whole number of frames); 0 at the end.</summary>
    int Read(Span<float> interleaved);
}
