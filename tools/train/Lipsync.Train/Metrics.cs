namespace Lipsync.Train;

/// <summary>
/// Frame-level scores (notes/speech-data.md §5): 22-class accuracy, coarse-8 plain and balanced
/// accuracy (diphthongs accept either class), ±2-frame tolerance, coarse confusion matrix.
/// Frames whose phone is unknown are skipped.
/// </summary>
public sealed class Metrics
{
    private const int Classes = 8;
    private long _frames, _exact, _exactTolerant, _coarse, _coarseTolerant;
    private readonly long[,] _confusion = new long[Classes, Classes];

    public void Add(IReadOnlyList<int> predicted, FrameTruth[] truth) =>
        Add(predicted.Select(v => ((int?)v, PhoneSet.CoarseOf(v))).ToList(), truth);

    /// <summary>Adds predictions that may have no 22-class id (peers with other viseme sets score coarse only).</summary>
    public void Add(IReadOnlyList<(int? Viseme, Coarse Coarse)> predicted, FrameTruth[] truth)
    {
        var n = Math.Min(predicted.Count, truth.Length);
        for (var i = 0; i < n; i++)
        {
            var t = truth[i];
            if (t.Viseme < 0)
            {
                continue;
            }

            var (p, pc) = predicted[i];
            _frames++;
            _exact += p == t.Viseme ? 1 : 0;
            var coarseOk = pc == t.Primary || pc == t.Alternate;
            _coarse += coarseOk ? 1 : 0;
            _confusion[(int)t.Primary, (int)(coarseOk ? t.Primary : pc)]++;

            bool exactNear = false, coarseNear = false;
            for (var d = -2; d <= 2 && !(exactNear && coarseNear); d++)
            {
                var j = i + d;
                if (j < 0 || j >= n || truth[j].Viseme < 0)
                {
                    continue;
                }

                exactNear |= truth[j].Viseme == p;
                coarseNear |= truth[j].Primary == pc || truth[j].Alternate == pc;
            }

            _exactTolerant += exactNear ? 1 : 0;
            _coarseTolerant += coarseNear ? 1 : 0;
        }
    }

    public long Frames => _frames;
    public double Accuracy22 => Ratio(_exact);
    public double Accuracy22Tolerant => Ratio(_exactTolerant);
    public double Coarse8 => Ratio(_coarse);
    public double Coarse8Tolerant => Ratio(_coarseTolerant);

    public double Coarse8Balanced => RawRecalls().Values.DefaultIfEmpty(0).Average();

    /// <summary>Per coarse class: the share of its frames predicted as that class (classes with frames only), to 4 places.</summary>
    public Dictionary<string, double> Recalls() => RawRecalls().ToDictionary(r => r.Key, r => Math.Round(r.Value, 4));

    private Dictionary<string, double> RawRecalls()
    {
        var recalls = new Dictionary<string, double>();
        for (var c = 0; c < Classes; c++)
        {
            long row = 0;
            for (var k = 0; k < Classes; k++)
            {
                row += _confusion[c, k];
            }

            if (row > 0)
            {
                recalls[((Coarse)c).ToString()] = (double)_confusion[c, c] / row;
            }
        }

        return recalls;
    }

    public long[,] Confusion => _confusion;

    public string Summary() =>
        $"frames {Frames}  acc22 {Accuracy22:P1}  acc22±2 {Accuracy22Tolerant:P1}  coarse8 {Coarse8:P1}  coarse8-balanced {Coarse8Balanced:P1}  coarse8±2 {Coarse8Tolerant:P1}";

    private double Ratio(long count) => _frames == 0 ? 0 : (double)count / _frames;
}
