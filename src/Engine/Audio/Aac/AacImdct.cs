using NWaves.Transforms;

namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// The inverse MDCT of the AAC filterbank (ISO/IEC 14496-3, 4.6.18.2): N/2 coefficients to N samples,
/// x[n] = 2/N * sum_k X[k] cos(2 pi/N (n + n0)(k + 1/2)) with n0 = (N/2 + 1)/2. Computed as a DCT-IV
/// of size N/2 through an N/4-point complex FFT, then unfolded by the DCT-IV's symmetries.
/// </summary>
internal sealed class AacImdct
{
    private readonly int _half; // M = N/2 coefficients
    private readonly Fft _fft;
    private readonly float[] _re;
    private readonly float[] _im;
    private readonly float[] _cos; // pre-twiddle exp(-i pi (4n + 1) / 4M)
    private readonly float[] _sin;
    private readonly float[] _postCos; // post-twiddle exp(-i pi k / M)
    private readonly float[] _postSin;
    private readonly float[] _dct;

    public AacImdct(int length)
    {
        _half = length / 2;
        var quarter = length / 4;
        _fft = new Fft(quarter);
        _re = new float[quarter];
        _im = new float[quarter];
        _cos = new float[quarter];
        _sin = new float[quarter];
        _postCos = new float[quarter];
        _postSin = new float[quarter];
        _dct = new float[_half];
        for (var n = 0; n < quarter; n++)
        {
            var angle = Math.PI * ((4 * n) + 1) / (4.0 * _half);
            _cos[n] = (float)Math.Cos(angle);
            _sin[n] = (float)-Math.Sin(angle);
            _postCos[n] = (float)Math.Cos(Math.PI * n / _half);
            _postSin[n] = (float)-Math.Sin(Math.PI * n / _half);
        }
    }

    /// <summary>Writes N = 2 * coefficients.Length samples to <paramref name="output"/>.</summary>
    public void Inverse(ReadOnlySpan<float> coefficients, Span<float> output)
    {
        var m = _half;
        var quarter = m / 2;

        // DCT-IV u[j] = sum_k X[k] cos(pi/M (j + 1/2)(k + 1/2)): pair even and reversed odd inputs, twiddle, FFT, twiddle.
        for (var n = 0; n < quarter; n++)
        {
            var a = coefficients[2 * n];
            var b = coefficients[m - 1 - (2 * n)];
            _re[n] = (a * _cos[n]) - (b * _sin[n]);
            _im[n] = (a * _sin[n]) + (b * _cos[n]);
        }

        _fft.Direct(_re, _im);
        for (var k = 0; k < quarter; k++)
        {
            var re = (_re[k] * _postCos[k]) - (_im[k] * _postSin[k]);
            var im = (_re[k] * _postSin[k]) + (_im[k] * _postCos[k]);
            _dct[2 * k] = re;
            _dct[m - 1 - (2 * k)] = -im;
        }

        // x[n] = 2/N * u(n + M/2), u extended by u(-1-j) = u(j) and u(2M-1-j) = -u(j).
        var scale = 1f / m;
        var halfM = m / 2;
        for (var n = 0; n < halfM; n++)
        {
            output[n] = _dct[n + halfM] * scale;
        }

        for (var n = halfM; n < m + halfM; n++)
        {
            output[n] = -_dct[m + halfM - 1 - n] * scale;
        }

        for (var n = m + halfM; n < 2 * m; n++)
        {
            output[n] = -_dct[n - m - halfM] * scale;
        }
    }
}
