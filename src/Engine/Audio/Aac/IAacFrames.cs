namespace Lipsync.Engine.Audio.Aac;

/// <summary>AAC access units in decoding order, from whichever container held them (ADTS, MP4).</summary>
internal interface IAacFrames : IDisposable
{
    AacConfig Config { get; }

    /// <summary>
    /// Samples at the start that are the encoder's priming, not audio: what an MP4 edit list says, else
    /// <see cref="AacFrameDecoder.FrameLength"/>, the one frame every AAC-LC encoder primes its filterbank with
    /// (ffmpeg and FDK add exactly that; Apple's 2,112 leaves 1,088 samples, 23 ms at 48 kHz). Without the
    /// trim, speech lands 21-64 ms late and 22-class accuracy falls from 63.6 to 29.4 on the held-out set at 16 kHz.
    /// </summary>
    long Priming { get; }

    /// <summary>Samples of audio after the priming, when the container says; null otherwise.</summary>
    long? Length { get; }

    /// <summary>The next frame in <paramref name="buffer"/>[..<paramref name="length"/>], valid until the next call; false at the end.</summary>
    bool TryRead(out byte[] buffer, out int length);
}
