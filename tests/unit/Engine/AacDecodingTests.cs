using System.Buffers.Binary;
using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio;
using Lipsync.Engine.Features;
using Lipsync.Fuzzing;

namespace Lipsync.UnitTests.Engine;

/// <summary>
/// AAC (ADTS, M4A, fragmented MP4) and Opus in MP4, against a reference decoder's output (ffmpeg 5.1,
/// stored as 16-bit FLAC) and against the lossless source of the same speech.
/// </summary>
public sealed class AacDecodingTests
{
    // 16-bit references carry +-0.5 LSB of rounding: about 81 dB below speech at -20 dBFS. A decoder
    // that gets any tool slightly wrong (a TNS sign, an M/S band, a window slope) lands near 20 dB.
    private const double ReferenceSnrDb = 75;

    [Fact]
    public void Adts_decodes_to_what_the_reference_decoder_gives()
    {
        var ours = Decode(Seeds.Adts, out var rate);
        var reference = Decode(Seeds.AdtsReference, out _);

        Assert.Equal(22050, rate);

        // ADTS cannot say where the priming ends: the reference keeps it, we drop the one frame every encoder adds.
        Assert.Equal(reference.Length - 1024, ours.Length);
        var aligned = reference[1024..];
        Assert.True(Snr(ours, aligned) >= ReferenceSnrDb, $"SNR {Snr(ours, aligned):F1} dB");
    }

    [Fact]
    public void Stereo_m4a_with_mid_side_intensity_and_tns_decodes_to_what_the_reference_decoder_gives()
    {
        var ours = Decode(Seeds.StereoM4a, out var rate);
        var reference = Decode(Seeds.StereoM4aReference, out _);

        Assert.Equal(44100, rate);
        Assert.True(Snr(ours[..reference.Length], reference) >= ReferenceSnrDb, $"SNR {Snr(ours[..reference.Length], reference):F1} dB");
    }

    [Fact]
    public void M4a_drops_the_encoder_priming_and_padding_its_edit_list_declares()
    {
        // The source: 2.5 s at 22,050 Hz resampled to 44,100 Hz, the right channel 13 ms later (573 samples).
        var ours = Decode(Seeds.StereoM4a, out _);
        var lossless = Decode(Seeds.Flac, out _);

        Assert.Equal((lossless.Length * 2) + 573, ours.Length);
        var source = FrontEnd.Extract(new MemoryStream(Seeds.Flac), TimeSpan.FromMinutes(1));
        var m4a = FrontEnd.Extract(new MemoryStream(Seeds.StereoM4a), TimeSpan.FromMinutes(1));
        Assert.Equal(TestAudio.FirstLoudFrame(source.LevelsDbfs), TestAudio.FirstLoudFrame(m4a.LevelsDbfs), 1.0);
    }

    [Fact]
    public void Fragmented_mp4_as_safari_records_it_decodes_and_follows_the_lossless_contour()
    {
        var source = FrontEnd.Extract(new MemoryStream(Seeds.Flac), TimeSpan.FromMinutes(1));
        var fragmented = FrontEnd.Extract(new MemoryStream(Seeds.FragmentedMp4), TimeSpan.FromMinutes(1));

        // No edit list: the one frame of priming is dropped; the last frame's padding stays.
        Assert.InRange(fragmented.Frames, source.Frames, source.Frames + 2);
        Assert.Equal(TestAudio.FirstLoudFrame(source.LevelsDbfs), TestAudio.FirstLoudFrame(fragmented.LevelsDbfs), 1.0);
        Assert.True(TestAudio.Correlation(fragmented.LevelsDbfs, source.LevelsDbfs) >= 0.97, $"{TestAudio.Correlation(fragmented.LevelsDbfs, source.LevelsDbfs):F3}");
    }

    [Fact]
    public void A_recording_cut_mid_write_decodes_the_fragments_it_holds()
    {
        var cut = Seeds.FragmentedMp4[..(Seeds.FragmentedMp4.Length / 2)];

        var features = FrontEnd.Extract(new MemoryStream(cut), TimeSpan.FromMinutes(1));

        Assert.InRange(features.DurationMs, 800, 1600);
    }

    [Fact]
    public void An_m4a_cut_before_its_movie_header_says_so()
    {
        // ffmpeg writes 'moov' after the media data: a cut file has samples but no table to find them.
        var cut = Seeds.StereoM4a[..(Seeds.StereoM4a.Length / 2)];

        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(cut), TimeSpan.FromMinutes(1)));

        Assert.Equal(ErrorCodes.AudioUndecodable, error.Code);
        Assert.Contains("no movie header", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soun", "vide", "no audio track")]
    [InlineData("mp4a", "alac", "coded as 'alac'")]
    public void Mp4_audio_this_engine_cannot_read_is_named(string from, string to, string named)
    {
        var bytes = Replace(Seeds.StereoM4a, from, to);

        var error = Assert.Throws<LipsyncException>(() => FrontEnd.Extract(new MemoryStream(bytes), TimeSpan.FromMinutes(1)));

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "AAC Main")]
    [InlineData(2, "AAC SSR")]
    [InlineData(3, "AAC LTP")]
    public void Adts_profiles_other_than_low_complexity_are_named(int profile, string named)
    {
        var bytes = Seeds.Adts.ToArray();
        bytes[2] = (byte)((bytes[2] & 0x3F) | (profile << 6));

        var error = Assert.Throws<LipsyncException>(() => AudioDecoder.Open(new MemoryStream(bytes)));

        Assert.Equal(ErrorCodes.AudioUnsupported, error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adts_behind_an_id3_tag_reads_as_without_it()
    {
        // HLS audio segments and some TTS services put an ID3v2 tag (here 20 bytes of body) before the ADTS frames.
        byte[] tagged = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 20, .. new byte[20], .. Seeds.Adts];

        Assert.Equal(AudioFormat.Adts, AudioDecoder.Sniff(new MemoryStream(tagged)));
        Assert.Equal(Decode(Seeds.Adts, out _), Decode(tagged, out _));
    }

    [Fact]
    public void Formats_are_told_from_the_bytes()
    {
        Assert.Equal(AudioFormat.Adts, AudioDecoder.Sniff(new MemoryStream(Seeds.Adts)));
        Assert.Equal(AudioFormat.Mp4, AudioDecoder.Sniff(new MemoryStream(Seeds.StereoM4a)));
        Assert.Equal(AudioFormat.Mp4, AudioDecoder.Sniff(new MemoryStream(Seeds.MediaRecorderMp4)));
        Assert.True(AudioDecoder.NeedsIsolation(new MemoryStream(Seeds.Adts)));
        Assert.True(AudioDecoder.NeedsIsolation(new MemoryStream(Seeds.FragmentedMp4)));
    }

    /// <summary>A file's samples, channels averaged (as the engine mixes them).</summary>
    private static float[] Decode(byte[] bytes, out int rate)
    {
        using var source = AudioDecoder.Open(new MemoryStream(bytes));
        rate = source.SampleRate;
        var channels = source.Channels;
        var interleaved = TestAudio.ReadAll(source);
        return [.. Enumerable.Range(0, interleaved.Length / channels).Select(f => interleaved.AsSpan(f * channels, channels).ToArray().Average())];
    }

    private static double Snr(float[] ours, float[] reference)
    {
        double signal = 0, error = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            signal += reference[i] * (double)reference[i];
            error += (ours[i] - reference[i]) * (double)(ours[i] - reference[i]);
        }

        return 10 * Math.Log10(signal / Math.Max(error, 1e-30));
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var copy = bytes.ToArray();
        var at = copy.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(from));
        Assert.True(at >= 0, $"'{from}' not in the seed");
        System.Text.Encoding.ASCII.GetBytes(to).CopyTo(copy, at);
        return copy;
    }
}
