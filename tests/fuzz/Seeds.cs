using System.Buffers.Binary;

namespace Lipsync.Fuzzing;

/// <summary>
/// Valid files the mutators start from: 2.5 s of espeak-ng speech at 22.05 kHz (Ogg Vorbis q0, MP3 32 kb/s;
/// Ogg Opus 32 kb/s by opusenc, WebM Opus 32 kb/s by ffmpeg, FLAC by flac --best, 8 kHz mu-law WAV by sox)
/// AAC-LC 32 kb/s in ADTS, AAC-LC 48 kb/s stereo (mid/side, intensity, TNS) in M4A at 44.1 kHz, AAC-LC
/// 32 kb/s at 48 kHz in fragmented MP4 as Safari records, all by ffmpeg 5.1's native encoder) and a WAV made here.
/// </summary>
public static class Seeds
{
    public static byte[] Ogg { get; } = Resource("speech.ogg");

    public static byte[] Mp3 { get; } = Resource("speech.mp3");

    public static byte[] Opus { get; } = Resource("speech.opus");

    public static byte[] Webm { get; } = Resource("speech.webm");

    /// <summary>
    /// What a browser sends: Chromium's MediaRecorder (audio/webm;codecs=opus, 48 kHz, 500 ms timeslices)
    /// recording 3 s of the fake microphone playing the seed speech. Segment and Clusters of unknown size.
    /// </summary>
    public static byte[] MediaRecorderWebm { get; } = Resource("mediarecorder.webm");

    public static byte[] Flac { get; } = Resource("speech.flac");

    /// <summary>1.5 s at 16 kHz, 24-bit stereo (speech left, a 300 Hz tone right) by flac -8: a known-answer vector for stereo decorrelation and LPC.</summary>
    public static byte[] FlacStereo24 { get; } = Resource("speech-stereo24.flac");

    public static byte[] MuLawWav { get; } = Resource("speech-mulaw.wav");

    public static byte[] Adts { get; } = Resource("speech.aac");

    /// <summary>The speech in stereo (right: reversed, 13 ms later) so the encoder uses mid/side and intensity stereo; moov after mdat.</summary>
    public static byte[] StereoM4a { get; } = Resource("speech-stereo.m4a");

    /// <summary>Fragmented MP4 (empty moov, moof+mdat every 0.5 s, default-base-is-moof): the layout Safari's MediaRecorder writes.</summary>
    public static byte[] FragmentedMp4 { get; } = Resource("speech-fragmented.mp4");

    /// <summary>Chromium's MediaRecorder with <c>audio/mp4;codecs=opus</c>: 3 s of the fake microphone playing samples/audio/hello.wav.</summary>
    public static byte[] MediaRecorderMp4 { get; } = Resource("mediarecorder.mp4");

    /// <summary>ffmpeg 5.1's decoding of <see cref="Adts"/>, as 16-bit FLAC.</summary>
    public static byte[] AdtsReference { get; } = Resource("speech.aac.ffmpeg.flac");

    /// <summary>ffmpeg 5.1's decoding of the first second of <see cref="StereoM4a"/>, channels averaged, as 16-bit FLAC.</summary>
    public static byte[] StereoM4aReference { get; } = Resource("speech-stereo.m4a.ffmpeg-1s-mono.flac");

    public static byte[] Wav { get; } = ToneWav(22050, 0.4);

    /// <summary>A mutant of <see cref="Ogg"/> (valid pages) on which NVorbis 0.10.5's sample loop never returns.</summary>
    public static byte[] NVorbisStall { get; } = Resource("nvorbis-stall.ogg");

    /// <summary>A mutant of <see cref="Ogg"/> on which NVorbis emits NaN and infinite samples.</summary>
    public static byte[] NVorbisNonFinite { get; } = Resource("nvorbis-nonfinite.ogg");

    private static byte[] Resource(string name)
    {
        using var stream = typeof(Seeds).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"missing seed {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A stereo 16-bit PCM WAV of a 440 Hz tone, with an unrelated chunk before 'fmt '.</summary>
    public static byte[] ToneWav(int rate, double seconds)
    {
        var frames = (int)(rate * seconds);
        var data = new byte[frames * 4];
        for (var i = 0; i < frames; i++)
        {
            var v = (short)(16000 * Math.Sin(2 * Math.PI * 440 * i / rate));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 4), v);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan((i * 4) + 2), v);
        }

        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms);
        w.Write("RIFF"u8); w.Write(4 + 12 + 24 + 8 + data.Length); w.Write("WAVE"u8);
        w.Write("LIST"u8); w.Write(4); w.Write("INFO"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)2); w.Write(rate); w.Write(rate * 4); w.Write((short)4); w.Write((short)16);
        w.Write("data"u8); w.Write(data.Length); w.Write(data);
        return ms.ToArray();
    }
}
