using System.Buffers.Binary;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio;
using Lipsync.Engine.Features;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>
/// The formats TTS services, browsers and phones emit, each decoded and compared with the same speech
/// read losslessly (the FLAC seed, bit-exact with its source WAV): same length, same loudness contour.
/// </summary>
public sealed class FormatDecodingTests
{
    private static readonly FeatureMatrix Reference = FrontEnd.Extract(new MemoryStream(Seeds.Flac), TimeSpan.FromMinutes(1));

    /// <summary>
    /// Known answers: SHA-256 of the reference decoder's output (<c>flac -d --force-raw-format --endian=little
    /// --sign=signed</c>, flac 1.4.2) for each seed, against our decoder's samples written the same way.
    /// </summary>
    [Theory]
    [InlineData("speech.flac", 22050, 1, 16, 55125, "4b48cd778292d887b8f68503c98883e3839c516f096fa29c231e8d7745fe3b6c")]
    [InlineData("speech-stereo24.flac", 16000, 2, 24, 24000, "c913920b62a7a8b2463e6ed91005495eb9de5eeb15bc02081d2982de85942ed9")]
    public void Flac_decodes_to_exactly_what_the_reference_decoder_gives(string seed, int rate, int channels, int bits, int frames, string sha256)
    {
        using var flac = AudioDecoder.Open(new MemoryStream(seed == "speech.flac" ? Seeds.Flac : Seeds.FlacStereo24));
        var samples = TestAudio.ReadAll(flac);

        Assert.Equal(rate, flac.SampleRate);
        Assert.Equal(channels, flac.Channels);
        Assert.Equal(frames * channels, samples.Length);
        var bytesPerSample = bits / 8;
        var pcm = new byte[samples.Length * bytesPerSample];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (int)Math.Round(samples[i] * (1 << (bits - 1)));
            for (var b = 0; b < bytesPerSample; b++)
            {
                pcm[(i * bytesPerSample) + b] = (byte)(value >> (8 * b));
            }
        }

        Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pcm)));
    }

    [Theory]
    [InlineData("opus", 0.97)]
    [InlineData("webm", 0.97)]
    [InlineData("mulaw", 0.95)] // 8 kHz: the band above 4 kHz (fricatives) is gone
    public void Lossy_formats_follow_the_lossless_contour(string format, double minCorrelation)
    {
        var bytes = format switch
        {
            "opus" => Seeds.Opus,
            "webm" => Seeds.Webm,
            _ => Seeds.MuLawWav,
        };

        var features = FrontEnd.Extract(new MemoryStream(bytes), TimeSpan.FromMinutes(1));

        // Same duration within a packet (WebM has no end position to trim the encoder's padding to).
        Assert.InRange(features.Frames, Reference.Frames - 2, Reference.Frames + 4);
        Assert.True(TestAudio.Correlation(features.LevelsDbfs, Reference.LevelsDbfs) >= minCorrelation, $"{format}: {TestAudio.Correlation(features.LevelsDbfs, Reference.LevelsDbfs):F3}");
    }

    [Theory]
    [InlineData("webm")] // Chromium and Firefox: audio/webm;codecs=opus
    [InlineData("mp4")]  // Chromium: audio/mp4;codecs=opus, fragmented
    public void A_browser_mediarecorder_recording_decodes_as_recorded(string container)
    {
        var features = FrontEnd.Extract(new MemoryStream(container == "webm" ? Seeds.MediaRecorderWebm : Seeds.MediaRecorderMp4), TimeSpan.FromMinutes(1));

        // 3 s recorded; the fake microphone played the 2.5 s sentence once, so speech is in it.
        Assert.InRange(features.DurationMs, 2800, 3200);
        Assert.True(features.LevelsDbfs.Count(l => l > -35) > 100, "no speech in the recording");
    }

    [Fact]
    public void Opus_drops_its_pre_skip_so_speech_starts_where_it_does_in_the_source()
    {
        var opus = FrontEnd.Extract(new MemoryStream(Seeds.Opus), TimeSpan.FromMinutes(1));

        Assert.Equal(TestAudio.FirstLoudFrame(Reference.LevelsDbfs), TestAudio.FirstLoudFrame(opus.LevelsDbfs), 1.0);
    }

    [Theory]
    [InlineData("audio/L16;rate=22050", false)]
    [InlineData("audio/pcm;rate=22050;channels=1", true)]
    public void Headerless_pcm_is_read_as_its_media_type_declares(string mediaType, bool littleEndian)
    {
        using var source = AudioDecoder.Open(new MemoryStream(Seeds.Flac));
        var samples = TestAudio.ReadAll(source);
        var bytes = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var v = (short)Math.Round(samples[i] * 32768);
            if (littleEndian)
            {
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), v);
            }
            else
            {
                BinaryPrimitives.WriteInt16BigEndian(bytes.AsSpan(2 * i), v);
            }
        }

        Assert.True(RawAudioFormat.TryParse(mediaType, out var raw, out _));
        var features = FrontEnd.Extract(new MemoryStream(bytes), raw, TimeSpan.FromMinutes(1));

        Assert.Equal(Reference.Frames, features.Frames);
        Assert.Equal(Reference.LevelsDbfs, features.LevelsDbfs);
    }

    [Fact]
    public void Headerless_mulaw_reads_like_the_same_bytes_in_a_wav()
    {
        var wav = Seeds.MuLawWav;
        var data = wav.AsSpan().IndexOf("data"u8);
        var payload = wav[(data + 8)..];
        Assert.True(RawAudioFormat.TryParse("audio/basic", out var raw, out _));

        var fromRaw = FrontEnd.Extract(new MemoryStream(payload), raw, TimeSpan.FromMinutes(1));
        var fromWav = FrontEnd.Extract(new MemoryStream(wav), TimeSpan.FromMinutes(1));

        Assert.Equal(fromWav.LevelsDbfs, fromRaw.LevelsDbfs);
    }

    [Fact]
    public void A_container_header_wins_over_a_declared_raw_type()
    {
        Assert.True(RawAudioFormat.TryParse("audio/L16;rate=8000", out var raw, out _));

        var features = FrontEnd.Extract(new MemoryStream(Seeds.Flac), raw, TimeSpan.FromMinutes(1));

        Assert.Equal(Reference.Frames, features.Frames);
    }

    [Fact]
    public void Raw_bytes_that_begin_like_an_mp3_sync_word_are_still_raw_when_declared()
    {
        // -1 as big-endian 16-bit is FF FF: an MPEG sync word to a sniffer.
        var bytes = Enumerable.Repeat((byte)0xFF, 32_000).ToArray();
        Assert.True(RawAudioFormat.TryParse("audio/L16;rate=16000", out var raw, out _));

        Assert.Equal(AudioFormat.Raw, AudioDecoder.Sniff(new MemoryStream(bytes), raw));
    }

    [Theory]
    [InlineData("audio/L16", "needs its sample rate")]
    [InlineData("audio/L16;rate=0", "impossible sample rate")]
    [InlineData("audio/pcm;rate=16000;channels=0", "channels")]
    [InlineData("audio/L16;rate=abc", "impossible sample rate")]
    public void Raw_media_types_with_bad_parameters_are_refused_with_a_reason(string mediaType, string reason)
    {
        Assert.False(RawAudioFormat.TryParse(mediaType, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("audio/wav")]
    [InlineData("audio/webm;codecs=opus")]
    [InlineData("application/octet-stream")]
    [InlineData(null)]
    public void Other_media_types_leave_the_bytes_to_decide(string? mediaType)
    {
        Assert.True(RawAudioFormat.TryParse(mediaType, out var raw, out _));
        Assert.Null(raw);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'.', (byte)'s', (byte)'n', (byte)'d', 0, 0, 0, 24 }, ".au")]
    public void Formats_not_read_yet_are_named(byte[] head, string named)
    {
        var bytes = head.Concat(new byte[256]).ToArray();

        var error = Assert.Throws<LipsyncException>(() => AudioDecoder.Sniff(new MemoryStream(bytes)));

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
