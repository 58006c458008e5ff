using Lipsync.Contracts.Errors;
using Lipsync.Engine.Features;

namespace Lipsync.UnitTests.Engine;

public sealed class WavDecodingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(16000, 1, 16, false, false)]
    [InlineData(16000, 1, 8, false, false)]
    [InlineData(44100, 2, 16, false, false)]
    [InlineData(48000, 2, 24, false, false)]
    [InlineData(22050, 1, 32, false, false)]
    [InlineData(8000, 1, 32, true, false)]
    [InlineData(32000, 1, 64, true, false)]
    [InlineData(44100, 6, 16, false, true)]
    [InlineData(96000, 2, 32, true, true)]
    public void Every_layout_decodes_to_the_same_frames_and_duration(int rate, int channels, int bits, bool isFloat, bool extensible)
    {
        var wav = TestAudio.Wav(TestAudio.Tone(440, rate, 1.0), rate, channels, bits, isFloat, extensible);
        var features = FrontEnd.Extract(new MemoryStream(wav), Limit);
        Assert.Equal(100, features.Frames);
        Assert.Equal(1000, features.DurationMs);
        // A 440 Hz tone at half scale is about −9 dBFS RMS in the middle of the file.
        Assert.InRange(features.LevelsDbfs[50], -10.5f, -7.5f);
    }

    [Fact]
    public void Durations_that_end_inside_a_frame_round_up()
    {
        var features = FrontEnd.Extract(new MemoryStream(TestAudio.Wav(TestAudio.Tone(300, 16000, 0.1234), 16000)), Limit);
        Assert.Equal(13, features.Frames);
        Assert.Equal(124, features.DurationMs);
    }

    [Fact]
    public void A_data_size_larger_than_the_file_reads_what_is_there()
    {
        var wav = TestAudio.Wav(TestAudio.Tone(300, 16000, 0.5), 16000, dataSizeOverride: 0xFFFFFFFF);
        Assert.Equal(50, FrontEnd.Extract(new MemoryStream(wav), Limit).Frames);
    }

    [Fact]
    public void A_file_cut_well_short_of_its_declared_data_is_audio_truncated()
    {
        // 10 s declared, 45 ms held: the newcomer probe got a 200 and a 45 ms timeline for this.
        var wav = TestAudio.Wav(TestAudio.Tone(300, 16000, 10), 16000);
        var cut = wav[..(wav.Length - (32000 * 10) + 1440)];

        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(cut), Limit));

        Assert.Equal(ErrorCodes.AudioTruncated, error.Code);
        Assert.Contains("declares 10 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_last_frame_is_dropped()
    {
        var wav = TestAudio.Wav(TestAudio.Tone(300, 16000, 0.5), 16000, channels: 2);
        var features = FrontEnd.Extract(new MemoryStream(wav[..^3]), Limit);
        Assert.Equal(50, features.Frames);
    }

    [Theory]
    [InlineData(new byte[0], "audio_empty")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 }, "audio_unsupported")]
    [InlineData(new byte[] { (byte)'f', (byte)'L', (byte)'a', (byte)'C', 0, 0, 0, 0 }, "audio_undecodable")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'A', (byte)'V', (byte)'E' }, "audio_undecodable")]
    public void Garbage_gets_a_catalogue_code(byte[] bytes, string code)
    {
        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(bytes), Limit));
        Assert.Equal(code, error.Code);
    }

    [Fact]
    public void Header_only_wav_is_empty()
    {
        var wav = TestAudio.Wav([], 16000);
        Assert.Equal(ErrorCodes.AudioEmpty, Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(wav), Limit)).Code);
    }

    [Theory]
    [InlineData(0, 16000, 16)]
    [InlineData(1, 100, 16)]
    [InlineData(1, 16000, 12)]
    [InlineData(1, 3_000_000, 16)]
    public void Lying_format_headers_are_refused(int channels, int rate, int bits)
    {
        var wav = TestAudio.Wav(TestAudio.Tone(300, 16000, 0.1), 16000);
        var fmt = wav.AsSpan().IndexOf("fmt "u8) + 8;
        BitConverter.GetBytes((short)channels).CopyTo(wav, fmt + 2);
        BitConverter.GetBytes(rate).CopyTo(wav, fmt + 4);
        BitConverter.GetBytes((short)bits).CopyTo(wav, fmt + 14);
        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(wav), Limit));
        Assert.Contains(error.Code, new[] { ErrorCodes.AudioUndecodable, ErrorCodes.AudioUnsupported });
    }

    [Fact]
    public void Audio_longer_than_the_limit_is_too_long()
    {
        var wav = TestAudio.Wav(TestAudio.Tone(300, 8000, 3), 8000);
        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(wav), TimeSpan.FromSeconds(2)));
        Assert.Equal(ErrorCodes.AudioTooLong, error.Code);
    }

    [Fact]
    public void Float_samples_that_are_nan_or_infinite_give_finite_features()
    {
        var samples = TestAudio.Tone(300, 16000, 0.5);
        for (var i = 0; i < samples.Length; i += 97)
        {
            samples[i] = i % 2 == 0 ? float.NaN : float.PositiveInfinity;
        }

        var features = FrontEnd.Extract(new MemoryStream(TestAudio.Wav(samples, 16000, bits: 32, isFloat: true)), TimeSpan.FromMinutes(1));

        Assert.All(features.Values, v => Assert.True(float.IsFinite(v)));
    }
}
