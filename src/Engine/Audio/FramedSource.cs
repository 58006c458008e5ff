namespace Lipsync.Engine.Audio;

/// <summary>
/// A mono source decoded a codec frame at a time (Opus packets, AAC frames): drops the container's priming,
/// trims the padding after its declared length, and hands samples out clamped to [-1, 1] with non-finite
/// values silenced, whatever the codec produced from a hostile frame.
/// </summary>
internal abstract class FramedSource(int maxFrame, long priming) : IAudioSource
{
    private readonly float[] _frame = new float[maxFrame];
    private int _frameOffset;
    private int _frameCount;
    private long _toSkip = priming;
    private long _emitted;
    private bool _ended;

    public abstract int SampleRate { get; }

    public int Channels => 1;

    /// <summary>Samples of audio after the priming, when the container says (it may learn it late); null otherwise.</summary>
    protected abstract long? Length { get; }

    /// <summary>A gain applied to every sample (Opus's header gain).</summary>
    protected virtual float Gain => 1f;

    public int Read(Span<float> interleaved)
    {
        var written = 0;
        while (written < interleaved.Length)
        {
            if (_frameOffset == _frameCount && !Next())
            {
                break;
            }

            var n = Math.Min(interleaved.Length - written, _frameCount - _frameOffset);
            var gain = Gain;
            for (var i = 0; i < n; i++)
            {
                var x = _frame[_frameOffset + i] * gain;
                interleaved[written + i] = float.IsFinite(x) ? Math.Clamp(x, -1f, 1f) : 0f;
            }

            _frameOffset += n;
            written += n;
        }

        return written;
    }

    public abstract void Dispose();

    /// <summary>Decodes the next frame into <paramref name="frame"/>: its sample count, 0 for a frame with no audio, or -1 at the end.</summary>
    protected abstract int DecodeFrame(float[] frame);

    private bool Next()
    {
        while (!_ended)
        {
            var n = DecodeFrame(_frame);
            if (n < 0)
            {
                _ended = true;
                break;
            }

            var skip = (int)Math.Min(_toSkip, n);
            _toSkip -= skip;
            var count = n - skip;
            if (Length is { } total)
            {
                count = (int)Math.Clamp(total - _emitted, 0, count);
            }

            if (count > 0)
            {
                _frameOffset = skip;
                _frameCount = skip + count;
                _emitted += count;
                return true;
            }
        }

        return false;
    }
}
