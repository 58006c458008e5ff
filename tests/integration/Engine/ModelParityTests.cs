using System.Text;
using Lipsync.Contracts.Timelines;
using Lipsync.Engine.Features;
using Lipsync.Engine.Inference;
using Lipsync.IntegrationTests.Infrastructure;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lipsync.IntegrationTests.Engine;

/// <summary>
/// The served models (wide-band and narrow-band) against the framework that trained them: the logits PyTorch
/// saved beside each export (<c>models/&lt;model&gt;.parity_*.npy</c>, an odd frame count) must come out of ONNX Runtime, and the engine's
/// chunked inference must equal one pass over a whole long recording (context covers the receptive
/// field, and chunks start on even frames for the stride-2 network).
/// </summary>
public sealed class ModelParityTests
{
    private static readonly string Models = Path.Combine(Repo.Root, "models");

    [Theory]
    [InlineData("viseme")]
    [InlineData("viseme-8k")]
    public void Onnx_runtime_reproduces_the_training_framework_logits(string model)
    {
        var input = ReadNpy(Path.Combine(Models, $"{model}.parity_x.npy"), out var shape);
        var expected = ReadNpy(Path.Combine(Models, $"{model}.parity_logits.npy"), out var expectedShape);
        using var session = new InferenceSession(Path.Combine(Models, $"{model}.onnx"));

        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("features", new DenseTensor<float>(input, shape))]);
        var actual = outputs[0].AsTensor<float>();

        Assert.Equal(expectedShape, actual.Dimensions.ToArray());
        Assert.True(shape[2] % 2 == 1, "the fixture should have an odd frame count");
        var maxDiff = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-4, $"max |ONNX Runtime - PyTorch| = {maxDiff}");
    }

    [Theory]
    [InlineData(9001)]
    [InlineData(4097)]
    [InlineData(37)]
    public void Chunked_inference_equals_one_pass_over_the_whole_recording(int frames)
    {
        var random = new Random(frames);
        var values = new float[frames * LogMel.Bands];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var features = new FeatureMatrix(values, new float[frames], frames, frames * 160L, LogMel.SampleRate);
        using var model = new VisemeModel(Path.Combine(Models, "viseme.onnx"));
        var chunked = model.LogPosteriors(features);

        var whole = new DenseTensor<float>([1, LogMel.Bands, frames]);
        for (var t = 0; t < frames; t++)
        {
            for (var b = 0; b < LogMel.Bands; b++)
            {
                whole.Buffer.Span[(b * frames) + t] = values[(t * LogMel.Bands) + b];
            }
        }

        using var session = new InferenceSession(Path.Combine(Models, "viseme.onnx"));
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("features", whole)]);
        var logits = outputs[0].AsTensor<float>();
        var maxDiff = 0.0;
        for (var t = 0; t < frames; t++)
        {
            var log = LogSumExp(logits, t);
            for (var v = 0; v < Visemes.Count; v++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(chunked[(t * Visemes.Count) + v] - (logits[0, v, t] - log)));
            }
        }

        Assert.True(maxDiff < 1e-3, $"chunked vs one pass: max |diff| = {maxDiff} over {frames} frames");
    }

    private static float LogSumExp(Tensor<float> logits, int t)
    {
        var max = float.NegativeInfinity;
        for (var v = 0; v < Visemes.Count; v++)
        {
            max = Math.Max(max, logits[0, v, t]);
        }

        var sum = 0.0;
        for (var v = 0; v < Visemes.Count; v++)
        {
            sum += Math.Exp(logits[0, v, t] - max);
        }

        return max + (float)Math.Log(sum);
    }

    /// <summary>NumPy .npy, version 1, little-endian float32, C order (what train.py writes).</summary>
    private static float[] ReadNpy(string path, out int[] shape)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'<f4'", header, StringComparison.Ordinal);
        var dims = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..header.IndexOf(')', StringComparison.Ordinal)];
        shape = [.. dims.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse)];
        var data = new float[(bytes.Length - 10 - headerLength) / 4];
        Buffer.BlockCopy(bytes, 10 + headerLength, data, 0, data.Length * 4);
        return data;
    }
}
