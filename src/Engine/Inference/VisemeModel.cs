using Lipsync.Contracts.Timelines;
using Lipsync.Engine.Features;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lipsync.Engine.Inference;

/// <summary>
/// The ONNX viseme model: input <c>features</c> [1, 40, T] (normalized log-mel, band-major), output
/// <c>logits</c> [1, 22, T]. One session per process, reused by every call (ONNX Runtime sessions are
/// thread-safe). Long recordings run in chunks with enough context on each side that the result is
/// identical to one pass over the whole file.
/// </summary>
public sealed class VisemeModel : IDisposable
{
    /// <summary>Frames of context on each side of a chunk; at least the network's receptive radius.</summary>
    public const int Context = 64;
    private const int ChunkFrames = 4096;
    private readonly InferenceSession _session;

    public VisemeModel(string modelPath, int intraOpThreads = 1)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The viseme model is missing at {modelPath}.", modelPath);
        }

        using var options = new SessionOptions
        {
            IntraOpNumThreads = intraOpThreads,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        _session = new InferenceSession(modelPath, options);
        if (!_session.InputMetadata.ContainsKey("features") || !_session.OutputMetadata.ContainsKey("logits"))
        {
            throw new InvalidOperationException("The model must have input 'features' [1,40,T] and output 'logits' [1,22,T].");
        }
    }

    /// <summary>Log-posteriors, time-major (<c>Frames × 22</c>).</summary>
    public float[] LogPosteriors(FeatureMatrix features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var total = features.Frames;
        var result = new float[total * Visemes.Count];
        for (var start = 0; start < total; start += ChunkFrames)
        {
            var from = Math.Max(0, start - Context);
            var to = Math.Min(total, start + ChunkFrames + Context);
            var length = to - from;
            var input = new DenseTensor<float>([1, LogMel.Bands, length]);
            var buffer = input.Buffer.Span;
            for (var t = 0; t < length; t++)
            {
                var row = features.Frame(from + t);
                for (var b = 0; b < LogMel.Bands; b++)
                {
                    buffer[(b * length) + t] = row[b];
                }
            }

            using var outputs = _session.Run([NamedOnnxValue.CreateFromTensor("features", input)]);
            var logits = outputs[0].AsTensor<float>() as DenseTensor<float> ?? throw new InvalidOperationException("unexpected output tensor");
            var span = logits.Buffer.Span;
            var end = Math.Min(total, start + ChunkFrames);
            for (var t = start; t < end; t++)
            {
                var local = t - from;
                var target = result.AsSpan(t * Visemes.Count, Visemes.Count);
                for (var v = 0; v < Visemes.Count; v++)
                {
                    target[v] = span[(v * length) + local];
                }

                LogSoftmax(target);
            }
        }

        return result;
    }

    public void Dispose() => _session.Dispose();

    private static void LogSoftmax(Span<float> row)
    {
        var max = float.NegativeInfinity;
        foreach (var x in row)
        {
            max = Math.Max(max, x);
        }

        float sum = 0;
        foreach (var x in row)
        {
            sum += MathF.Exp(x - max);
        }

        var log = max + MathF.Log(sum);
        for (var i = 0; i < row.Length; i++)
        {
            row[i] -= log;
        }
    }
}
