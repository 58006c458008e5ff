namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// Frequency to time for one channel (ISO/IEC 14496-3, 4.6.11): inverse MDCT, windowing with the previous
/// frame's shape on the rising side, and overlap-add, 1,024 samples per frame.
/// </summary>
internal sealed class AacFilterbank
{
    private const int Frame = 1024;
    private const int Short = 128;
    private const int ShortStart = 448; // (1024 - 128) / 2: where the eight short windows begin
    private static readonly ThreadLocal<AacImdct> LongImdct = new(() => new AacImdct(2 * Frame));
    private static readonly ThreadLocal<AacImdct> ShortImdct = new(() => new AacImdct(2 * Short));
    private readonly float[] _overlap = new float[Frame];
    private readonly float[] _buffer = new float[2 * Frame];
    private readonly float[] _shortBuffer = new float[2 * Short];
    private int _previousShape;

    /// <summary>Synthesises one frame from <paramref name="spectrum"/> (1,024 lines, or 8 x 128 in order) into <paramref name="output"/>.</summary>
    public void Synthesize(ReadOnlySpan<float> spectrum, int sequence, int shape, Span<float> output)
    {
        var buffer = _buffer.AsSpan();
        if (sequence == WindowSequence.EightShort)
        {
            buffer.Clear();
            var imdct = ShortImdct.Value!;
            var fall = AacWindows.Short(shape);
            for (var w = 0; w < 8; w++)
            {
                imdct.Inverse(spectrum.Slice(w * Short, Short), _shortBuffer);
                var rise = AacWindows.Short(w == 0 ? _previousShape : shape);
                var at = ShortStart + (w * Short);
                for (var i = 0; i < Short; i++)
                {
                    buffer[at + i] += _shortBuffer[i] * rise[i];
                    buffer[at + Short + i] += _shortBuffer[Short + i] * fall[Short - 1 - i];
                }
            }
        }
        else
        {
            LongImdct.Value!.Inverse(spectrum[..Frame], buffer);
            Window(buffer[..Frame], sequence == WindowSequence.LongStop, _previousShape, rising: true);
            Window(buffer[Frame..], sequence == WindowSequence.LongStart, shape, rising: false);
        }

        for (var i = 0; i < Frame; i++)
        {
            output[i] = _overlap[i] + buffer[i];
        }

        buffer[Frame..].CopyTo(_overlap);
        _previousShape = shape;
    }

    /// <summary>Applies one half of a long window, or of the start/stop window whose short slope sits in its middle.</summary>
    private static void Window(Span<float> half, bool shortSlope, int shape, bool rising)
    {
        if (!shortSlope)
        {
            var window = AacWindows.Long(shape);
            for (var i = 0; i < Frame; i++)
            {
                half[i] *= window[rising ? i : Frame - 1 - i];
            }

            return;
        }

        // Start (falling side) / stop (rising side): flat 448, a short slope of 128, zero 448 (mirrored for rising).
        var slope = AacWindows.Short(shape);
        for (var i = 0; i < Frame; i++)
        {
            var j = rising ? i : Frame - 1 - i; // distance from the window's outer edge
            half[i] *= j < ShortStart ? 0f : j < ShortStart + Short ? slope[j - ShortStart] : 1f;
        }
    }
}
