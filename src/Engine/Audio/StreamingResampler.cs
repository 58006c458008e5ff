using System.Numerics;

namespace Lipsync.Engine.Audio;

/// <summary>
/// Band-limited rational resampler to 16 kHz that works block by block, so a long file never exists
/// as a whole decoded copy. Windowed-sinc (Kaiser, β = 8, about −80 dB stop band) evaluated as a
/// polyphase table: one phase per output position modulo L for a reduced ratio L/M. The cutoff sits at
/// 95 % of the lower Nyquist, 16 zero crossings each side. 16 kHz input passes through untouched.
/// </summary>
internal sealed class StreamingResampler
{
    public const int TargetRate = 16_000;
    private const int ZeroCrossings = 16;
    private const double Beta = 8.0;

    private readonly int _l;
    private readonly int _m;
    private readonly int _taps;
    private readonly float[][] _phases;
    private readonly bool _passthrough;
    private float[] _input = new float[8192];
    private int _count;          // valid samples in _input
    private long _inputStart;    // absolute index of _input[0] (negative: leading zero history)
    private long _nextOutput;    // absolute index of the next output sample
    private long _consumed;      // absolute input samples pushed

    public StreamingResampler(int inputRate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputRate, 1000);
        _passthrough = inputRate == TargetRate;
        var g = (int)BigInteger.GreatestCommonDivisor(inputRate, TargetRate);
        _l = TargetRate / g;
        _m = inputRate / g;
        var r = 0.95 * Math.Min(1.0, (double)_l / _m);
        _taps = 2 * (int)Math.Ceiling(ZeroCrossings / r);
        _phases = new float[_passthrough ? 0 : _l][];
        for (var p = 0; p < _phases.Length; p++)
        {
            var frac = (double)p / _l;
            var row = _phases[p] = new float[_taps];
            for (var i = 0; i < _taps; i++)
            {
                var d = frac + (_taps / 2) - 1 - i; // distance from the output instant to input sample i
                row[i] = (float)(r * Sinc(r * d) * Kaiser(d / (_taps / 2.0)));
            }
        }

        // Leading history of zeros so the first outputs see a full filter.
        _inputStart = -(_taps / 2);
        _count = _taps / 2;
    }

    /// <summary>Pushes input samples and appends every output sample that is now fully determined.</summary>
    public void Push(ReadOnlySpan<float> samples, List<float> output)
    {
        if (_passthrough)
        {
            output.AddRange(samples);
            return;
        }

        Append(samples);
        _consumed += samples.Length;
        Produce(output, _inputStart + _count);
    }

    /// <summary>Flushes the tail (zero-padded): total output is ceil(input · 16000 / rate) samples.</summary>
    public void Finish(List<float> output)
    {
        if (_passthrough)
        {
            return;
        }

        var total = (_consumed * _l + _m - 1) / _m;
        Append(new float[_taps]);
        Produce(output, _inputStart + _count, total);
    }

    private void Produce(List<float> output, long available, long limit = long.MaxValue)
    {
        while (_nextOutput < limit)
        {
            var t = _nextOutput * _m;
            var baseIndex = t / _l;
            var phase = (int)(t % _l);
            var first = baseIndex - (_taps / 2) + 1;
            if (first + _taps > available)
            {
                break;
            }

            var x = _input.AsSpan((int)(first - _inputStart), _taps);
            output.Add(Dot(x, _phases[phase]));
            _nextOutput++;
        }

        // Drop input no future output needs.
        var keepFrom = _nextOutput * _m / _l - (_taps / 2) + 1;
        var drop = (int)Math.Clamp(keepFrom - _inputStart, 0, _count);
        if (drop > 4096)
        {
            _input.AsSpan(drop, _count - drop).CopyTo(_input);
            _count -= drop;
            _inputStart += drop;
        }
    }

    private void Append(ReadOnlySpan<float> samples)
    {
        if (_count + samples.Length > _input.Length)
        {
            Array.Resize(ref _input, Math.Max(_input.Length * 2, _count + samples.Length));
        }

        samples.CopyTo(_input.AsSpan(_count));
        _count += samples.Length;
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    private static double Sinc(double x) => Math.Abs(x) < 1e-12 ? 1.0 : Math.Sin(Math.PI * x) / (Math.PI * x);

    private static double Kaiser(double x) => Math.Abs(x) > 1 ? 0 : BesselI0(Beta * Math.Sqrt(1 - (x * x))) / BesselI0(Beta);

    private static double BesselI0(double x)
    {
        double sum = 1, term = 1;
        for (var k = 1; k < 50; k++)
        {
            term *= x / (2 * k) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum)
            {
                break;
            }
        }

        return sum;
    }
}
