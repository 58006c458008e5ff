using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Lipsync.Train;

/// <summary><c>parity</c>: ONNX Runtime (C#) must reproduce the training framework's logits on saved input.</summary>
public static class ParityCommand
{
    public static int Run(string model, string inputPath, string expectedPath)
    {
        var input = Npy.ReadFloats(inputPath, out var shape);
        var expected = Npy.ReadFloats(expectedPath, out _);
        using var session = new InferenceSession(model);
        using var outputs = session.Run([NamedOnnxValue.CreateFromTensor("features", new DenseTensor<float>(input, shape))]);
        var actual = outputs[0].AsEnumerable<float>().ToArray();
        var maxDiff = actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max();
        Console.WriteLine($"ONNX Runtime vs torch: {actual.Length} values, max |diff| = {maxDiff:E2}");
        return maxDiff < 1e-4 && actual.Length == expected.Length ? 0 : 1;
    }
}
