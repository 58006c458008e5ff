namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// AAC-LC (and the core of HE-AAC) decoded by our decoder, written from ISO/IEC 14496-3 because no managed
/// AAC decoder is published on NuGet. Mono out (channels mixed); the container's priming is dropped and,
/// where it gives one, its length trims the last frame's padding. Each frame yields 1,024 samples.
/// </summary>
internal sealed class AacSource(IAacFrames frames) : FramedSource(AacFrameDecoder.FrameLength, frames.Priming)
{
    private readonly AacFrameDecoder _decoder = new(frames.Config);

    public override int SampleRate => frames.Config.SampleRate;

    protected override long? Length => frames.Length;

    public override void Dispose() => frames.Dispose();

    protected override int DecodeFrame(float[] frame)
    {
        if (!frames.TryRead(out var buffer, out var length))
        {
            return -1;
        }

        _decoder.Decode(buffer, length, frame); // every malformed frame is a catalogue error: fuzzed in process
        return AacFrameDecoder.FrameLength;
    }
}
