using System.Buffers.Binary;
using Lipsync.Engine.Audio;

namespace Lipsync.UnitTests.Engine;

/// <summary>In-memory WAV files of any layout, for decoder tests without files.</summary>
internal static class TestAudio
{
    public static float[] Tone(double hz, int rate, double seconds, double amplitude = 0.5) =>
        Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();

    /// <summary>Encodes mono samples as WAV with the given layout, duplicating into every channel.</summary>
    public static byte[] Wav(float[] mono, int rate, int channels = 1, int bits = 16, bool isFloat = false, bool extensible = false, uint? dataSizeOverride = null)
    {
        var bytesPerSample = bits / 8;
        var data = new byte[mono.Length * channels * bytesPerSample];
        for (var i = 0; i < mono.Length; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var at = ((i * channels) + c) * bytesPerSample;
                var v = Math.Clamp(mono[i], -1f, 1f);
                switch (bits, isFloat)
                {
                    case (8, false): data[at] = (byte)Math.Round((v * 127) + 128); break;
                    case (16, false): BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(at), (short)Math.Round(v * 32767)); break;
                    case (24, false):
                        var s24 = (int)Math.Round(v * 8388607);
                        data[at] = (byte)s24; data[at + 1] = (byte)(s24 >> 8); data[at + 2] = (byte)(s24 >> 16);
                        break;
                    case (32, false): BinaryPrimitives.WriteInt32LittleEndian(data.AsSpan(at), (int)Math.Round(v * 2147483647.0)); break;
                    case (32, true): BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(at), v); break;
                    default: BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(at), v); break;
                }
            }
        }

        var fmtSize = extensible ? 40 : 16;
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(36 + (fmtSize - 16) + data.Length); w.Write("WAVE"u8);
        w.Write("LIST"u8); w.Write(4); w.Write("INFO"u8); // an unrelated chunk before fmt
        w.Write("fmt "u8); w.Write(fmtSize);
        w.Write((short)(extensible ? 0xFFFE : isFloat ? 3 : 1)); w.Write((short)channels); w.Write(rate);
        w.Write(rate * channels * bytesPerSample); w.Write((short)(channels * bytesPerSample)); w.Write((short)bits);
        if (extensible)
        {
            w.Write((short)22); w.Write((short)bits); w.Write(0);
            w.Write((short)(isFloat ? 3 : 1)); w.Write(new byte[14]);
        }

        w.Write("data"u8); w.Write(dataSizeOverride ?? (uint)data.Length); w.Write(data);
        return ms.ToArray();
    }

    /// <summary>The first 10 ms frame louder than -35 dBFS: where speech starts.</summary>
    public static int FirstLoudFrame(float[] levels) => Array.FindIndex(levels, l => l > -35);

    /// <summary>Pearson correlation of two level contours, floored at -45 dBFS (codecs differ only in how silent silence is).</summary>
    public static double Correlation(float[] rawA, float[] rawB)
    {
        var a = rawA.Select(l => Math.Max(l, -45f)).ToArray();
        var b = rawB.Select(l => Math.Max(l, -45f)).ToArray();
        var n = Math.Min(a.Length, b.Length);
        double ma = a.Take(n).Average(), mb = b.Take(n).Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < n; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    /// <summary>Every sample a source gives, interleaved as it gives them.</summary>
    public static float[] ReadAll(IAudioSource source)
    {
        var all = new List<float>();
        var buffer = new float[4096 * source.Channels];
        int n;
        while ((n = source.Read(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, n));
        }

        return [.. all];
    }
}
