namespace Lipsync.Engine.Audio.Aac;

/// <summary>
/// Temporal noise shaping (ISO/IEC 14496-3, 4.6.9): per window, up to three all-pole filters run across
/// the spectrum, each over a range of bands, from reflection coefficients sent in 3 or 4 bits.
/// </summary>
internal sealed class AacTns
{
    private const int MaxOrderLong = 12; // AAC-LC
    private const int MaxOrderShort = 7;
    private readonly int[] _filters = new int[8];
    private readonly int[,] _length = new int[8, 4];
    private readonly int[,] _order = new int[8, 4];
    private readonly bool[,] _downward = new bool[8, 4];
    private readonly float[,,] _lpc = new float[8, 4, MaxOrderLong];
    private readonly float[] _parcor = new float[MaxOrderLong];
    private readonly float[] _step = new float[MaxOrderLong];

    public bool Present { get; private set; }

    public void Clear() => Present = false;

    public void Read(AacBitReader bits, IcsInfo info)
    {
        Present = true;
        var isShort = info.IsShort;
        for (var w = 0; w < info.Windows; w++)
        {
            _filters[w] = bits.Read(isShort ? 1 : 2);
            var resolution = _filters[w] > 0 ? bits.Read(1) + 3 : 0;
            for (var f = 0; f < _filters[w]; f++)
            {
                _length[w, f] = bits.Read(isShort ? 4 : 6);
                var order = bits.Read(isShort ? 3 : 5);
                if (order > (isShort ? MaxOrderShort : MaxOrderLong))
                {
                    throw AudioErrors.Undecodable($"an AAC TNS filter of order {order} exceeds AAC-LC's limit.");
                }

                _order[w, f] = order;
                if (order == 0)
                {
                    continue;
                }

                _downward[w, f] = bits.ReadBit();
                var width = resolution - bits.Read(1); // coef_compress drops one bit
                for (var i = 0; i < order; i++)
                {
                    var raw = bits.Read(width);
                    var value = raw >= 1 << (width - 1) ? raw - (1 << width) : raw; // two's complement in 'width' bits
                    _parcor[i] = Dequantize(value, resolution);
                }

                ToLpc(order, w, f);
            }
        }
    }

    /// <summary>Filters <paramref name="spectrum"/> in place, up to <c>min(TNS max bands, max_sfb)</c>.</summary>
    public void Apply(float[] spectrum, IcsInfo info, int sampleRateIndex)
    {
        if (!Present)
        {
            return;
        }

        var maxBands = info.IsShort ? AacTables.TnsMaxBandsShort[sampleRateIndex] : AacTables.TnsMaxBandsLong[sampleRateIndex];
        var limit = Math.Min(Math.Min(maxBands, info.MaxSfb), info.BandCount);
        var windowLines = info.IsShort ? 128 : 1024;
        for (var w = 0; w < info.Windows; w++)
        {
            var bottom = info.BandCount;
            for (var f = 0; f < _filters[w]; f++)
            {
                var top = bottom;
                bottom = Math.Max(0, top - _length[w, f]);
                var order = _order[w, f];
                if (order == 0)
                {
                    continue;
                }

                var start = info.Bands[Math.Min(bottom, limit)];
                var end = info.Bands[Math.Min(top, limit)];
                var size = end - start;
                if (size <= 0)
                {
                    continue;
                }

                var step = _downward[w, f] ? -1 : 1;
                var at = (w * windowLines) + (_downward[w, f] ? end - 1 : start);
                Filter(spectrum, at, step, size, order, w, f);
            }
        }
    }

    private static float Dequantize(int value, int resolution)
    {
        // Spec: sin(value / iqfac), iqfac = (2^(res-1) -/+ 0.5) / (pi/2) for non-negative/negative values.
        var factor = ((1 << (resolution - 1)) + (value >= 0 ? -0.5 : 0.5)) / (Math.PI / 2);
        return (float)Math.Sin(value / factor);
    }

    private void ToLpc(int order, int w, int f)
    {
        // Step-up recursion from reflection to direct-form coefficients a[1..order].
        Span<float> a = stackalloc float[MaxOrderLong];
        a.Clear();
        for (var m = 1; m <= order; m++)
        {
            var k = _parcor[m - 1];
            for (var i = 1; i < m; i++)
            {
                _step[i - 1] = a[i - 1] + (k * a[m - i - 1]);
            }

            for (var i = 1; i < m; i++)
            {
                a[i - 1] = _step[i - 1];
            }

            a[m - 1] = k;
        }

        for (var i = 0; i < order; i++)
        {
            _lpc[w, f, i] = a[i];
        }
    }

    private void Filter(float[] spectrum, int at, int step, int size, int order, int w, int f)
    {
        // All-pole: y[n] = x[n] - sum_i a[i] y[n - i], along the filter's direction.
        for (var n = 0; n < size; n++, at += step)
        {
            var y = spectrum[at];
            var taps = Math.Min(n, order);
            for (var i = 1; i <= taps; i++)
            {
                y -= _lpc[w, f, i - 1] * spectrum[at - (i * step)];
            }

            spectrum[at] = y;
        }
    }
}
