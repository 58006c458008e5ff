using System.Text;

namespace Lipsync.Train;

/// <summary>Minimal NumPy .npy writer/reader (version 1.0, little-endian, C order).</summary>
public static class Npy
{
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape) => Write(path, "<f4", System.Runtime.InteropServices.MemoryMarshal.AsBytes(data), shape);

    public static void Write(string path, ReadOnlySpan<long> data, params int[] shape) => Write(path, "<i8", System.Runtime.InteropServices.MemoryMarshal.AsBytes(data), shape);

    public static float[] ReadFloats(string path, out int[] shape)
    {
        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);
        var shapeText = header[(header.IndexOf('(', StringComparison.Ordinal) + 1)..header.IndexOf(')', StringComparison.Ordinal)];
        shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var data = new float[(bytes.Length - 10 - headerLength) / 4];
        Buffer.BlockCopy(bytes, 10 + headerLength, data, 0, data.Length * 4);
        return data;
    }

    private static void Write(string path, string dtype, ReadOnlySpan<byte> payload, int[] shape)
    {
        var dims = shape.Length == 1 ? $"{shape[0]}," : string.Join(", ", shape);
        var header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({dims}), }}";
        var total = 10 + header.Length + 1;
        header = header.PadRight(header.Length + ((64 - (total % 64)) % 64)) + "\n";
        using var file = File.Create(path);
        file.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        file.Write(BitConverter.GetBytes((ushort)header.Length));
        file.Write(Encoding.ASCII.GetBytes(header));
        file.Write(payload);
    }
}
