using System.Diagnostics;
using CsCheck;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.UnitTests.Engine;

/// <summary>Random and mutated bytes into the decoders: features or an audio error code, never a crash or a hang.</summary>
public sealed class DecoderPropertyTests
{
    private static readonly string[] AudioCodes = [ErrorCodes.AudioEmpty, ErrorCodes.AudioUnsupported, ErrorCodes.AudioUndecodable, ErrorCodes.AudioTooLong, ErrorCodes.AudioTruncated];
    private static readonly byte[] Valid = TestAudio.Wav(TestAudio.Tone(440, 22050, 0.3), 22050, channels: 2);

    private static readonly byte[][] Prefixes =
    [
        "RIFF\0\0\0\0WAVE"u8.ToArray(), "OggS"u8.ToArray(), "ID3\u0003\0\0\0\0\0\0"u8.ToArray(), [0xFF, 0xFB, 0x90, 0x64], [0xFF, 0xF3], "fLaC"u8.ToArray(),
    ];

    [Fact]
    public void Random_bytes_with_audio_magic_never_crash_or_hang()
    {
        Gen.Select(Gen.Int[0, Prefixes.Length - 1], Gen.Byte.Array[0, 3000])
            .Sample((prefix, body) => AssertDecodesOrFailsCleanly([.. Prefixes[prefix], .. body]), iter: 1500, threads: 1);
    }

    [Fact]
    public void Mutated_wav_files_never_crash_or_hang()
    {
        Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Int[1, 16], Gen.Byte.Array[16], Gen.Int[0, Valid.Length])
            .Sample((at, count, values, cut) =>
            {
                var bytes = Valid.ToArray();
                for (var i = 0; i < count; i++)
                {
                    bytes[(at + (i * 7)) % bytes.Length] = values[i];
                }

                AssertDecodesOrFailsCleanly(bytes[..Math.Max(cut, Math.Min(bytes.Length, 60))]);
            }, iter: 1500, threads: 1);
    }

    private static void AssertDecodesOrFailsCleanly(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var features = FrontEnd.Extract(new MemoryStream(bytes), TimeSpan.FromMinutes(5));
            Assert.True(features.Frames > 0);
            Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
        }
        catch (LipsyncException e)
        {
            Assert.Contains(e.Code, AudioCodes);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed} on {bytes.Length} bytes");
    }
}
