using NWaves.Filters.Fda;
using NWaves.Transforms;
using NWaves.Windows;

namespace Lipsync.Engine.Features;

/// <summary>
/// The feature layout (part of the model contract): 16 kHz input, 25 ms Hamming window, 10 ms hop,
/// 512-point FFT power spectrum, 40 triangular mel bands 20-7600 Hz, natural log floored at 1e-10.
/// Frame i is centred at 10·i + 5 ms (the window spans [10·i − 7.5, 10·i + 17.5) ms, zero-padded at
/// the edges), the same instant the training labels are taken at.
/// </summary>
public sealed class LogMel
{
    public const int SampleRate = 16_000;
    public const int FrameSize = 400;
    public const int Hop = 160;
    public const int FftSize = 512;
    public const int Bands = 40;

    /// <summary>Zero samples before the first window so window i is centred on frame i's centre.</summary>
    public const int LeadPadding = 120;

    private readonly float[] _window = Window.OfType(WindowType.Hamming, FrameSize);
    private readonly RealFft _fft = new(FftSize);
    private readonly (int Start, float[] Weights)[] _bands;
    private readonly float[] _block = new float[FftSize];
    private readonly float[] _power = new float[(FftSize / 2) + 1];

    public LogMel()
    {
        var bank = FilterBanks.Triangular(FftSize, SampleRate, FilterBanks.MelBands(Bands, SampleRate, 20, 7600));
        _bands = bank.Select(row =>
        {
            var first = Array.FindIndex(row, w => w > 0);
            var last = Array.FindLastIndex(row, w => w > 0);
            return (first, row[first..(last + 1)]);
        }).ToArray();
    }

    /// <summary>The analysis window (Hamming, <see cref="FrameSize"/> points), as applied.</summary>
    public ReadOnlySpan<float> AnalysisWindow => _window;

    /// <summary>The mel filter bank: per band, the first power-spectrum bin it weighs and its non-zero weights.</summary>
    public IReadOnlyList<(int Start, float[] Weights)> MelBands => _bands;

    /// <summary>Computes one frame: <paramref name="bands"/> gets 40 log energies; returns the frame's RMS in dBFS.</summary>
    public float Compute(ReadOnlySpan<float> frame, Span<float> bands)
    {
        double sumSquares = 0;
        for (var i = 0; i < FrameSize; i++)
        {
            sumSquares += frame[i] * frame[i];
            _block[i] = frame[i] * _window[i];
        }

        Array.Clear(_block, FrameSize, FftSize - FrameSize);
        _fft.PowerSpectrum(_block, _power, normalize: false);
        for (var b = 0; b < _bands.Length; b++)
        {
            var (start, weights) = _bands[b];
            float e = 0;
            for (var k = 0; k < weights.Length; k++)
            {
                e += weights[k] * _power[start + k];
            }

            bands[b] = MathF.Log(Math.Max(e, 1e-10f));
        }

        var rms = Math.Sqrt(sumSquares / FrameSize);
        return rms <= 1e-9 ? -180f : (float)(20 * Math.Log10(rms));
    }
}
