using Lipsync.Engine.Audio;

namespace Lipsync.Engine.Features;

/// <summary>
/// decode → mono → 16 kHz → log-mel, block by block. Memory holds the compressed input stream's
/// buffers, a few seconds of 16 kHz audio and the feature matrix (160 bytes per 10 ms frame,
/// 58 MB for an hour), never a whole decoded copy of the recording.
/// </summary>
/// <summary>Receives features in chunks: <c>values</c> is frames × <see cref="LogMel.Bands"/>, <c>levels</c> one per frame.</summary>
public delegate void FeatureSink(ReadOnlySpan<float> values, ReadOnlySpan<float> levels);

public static class FrontEnd
{
    private const int BlockFrames = 16_384;

    /// <summary>Extracts features from an audio stream (any format the engine reads), bounded by <paramref name="maxDuration"/>.</summary>
    public static FeatureMatrix Extract(Stream audio, TimeSpan maxDuration, CancellationToken cancellationToken = default) =>
        Extract(audio, maxDuration, progress: null, cancellationToken);

    /// <summary>As <see cref="Extract(Stream, TimeSpan, CancellationToken)"/>; <paramref name="raw"/> describes headerless audio.</summary>
    public static FeatureMatrix Extract(Stream audio, RawAudioFormat? raw, TimeSpan maxDuration, CancellationToken cancellationToken = default) =>
        Run(audio, raw, maxDuration, sink: null, progress: null, cancellationToken).Finish();

    /// <summary>
    /// Extracts features from an audio stream (any format the engine reads), bounded by <paramref name="maxDuration"/>;
    /// <paramref name="progress"/> hears the frame count after every block.
    /// </summary>
    public static FeatureMatrix Extract(Stream audio, TimeSpan maxDuration, Action<int>? progress, CancellationToken cancellationToken = default) =>
        Run(audio, raw: null, maxDuration, sink: null, progress, cancellationToken).Finish();

    /// <summary>
    /// As <see cref="Extract(Stream, TimeSpan, Action{int}?, CancellationToken)"/>, but hands the features
    /// to <paramref name="sink"/> a few thousand frames at a time instead of keeping them: memory stays
    /// a few seconds of audio however long the recording (the decode worker streams them to the engine).
    /// </summary>
    public static (int Frames, long Samples16k, int SourceSampleRate) Stream(Stream audio, TimeSpan maxDuration, FeatureSink sink, Action<int>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return Run(audio, raw: null, maxDuration, sink, progress, cancellationToken).FinishStreaming();
    }

    private static FrameExtractor Run(Stream audio, RawAudioFormat? raw, TimeSpan maxDuration, FeatureSink? sink, Action<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audio);
        using var source = AudioDecoder.Open(audio, raw);
        var extractor = new FrameExtractor(sink, source.SampleRate);
        var resampler = new StreamingResampler(source.SampleRate);
        var maxInput = (long)(maxDuration.TotalSeconds * source.SampleRate);
        var interleaved = new float[BlockFrames * source.Channels];
        var mono = new float[BlockFrames];
        var pending = new List<float>(BlockFrames * 2);
        long inputFrames = 0;

        int n;
        while ((n = source.Read(interleaved)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var frames = n / source.Channels;
            inputFrames += frames;
            if (inputFrames > maxInput)
            {
                throw AudioErrors.TooLong(maxDuration);
            }

            MixDown(interleaved.AsSpan(0, n), source.Channels, mono.AsSpan(0, frames));
            resampler.Push(mono.AsSpan(0, frames), pending);
            extractor.Push(pending);
            pending.Clear();
            progress?.Invoke(extractor.Frames);
        }

        if (inputFrames == 0)
        {
            throw AudioErrors.Empty();
        }

        resampler.Finish(pending);
        extractor.Push(pending);
        return extractor;
    }

    /// <summary>
    /// Averages the channels into one, and keeps every sample a finite value in [-1, 1]: a corrupt
    /// stream can make a codec emit NaN or infinities (NVorbis does), which would poison the features.
    /// </summary>
    private static void MixDown(ReadOnlySpan<float> interleaved, int channels, Span<float> mono)
    {
        var scale = 1f / channels;
        for (var f = 0; f < mono.Length; f++)
        {
            float sum = 0;
            for (var c = 0; c < channels; c++)
            {
                sum += interleaved[(f * channels) + c];
            }

            var x = sum * scale;
            mono[f] = float.IsNaN(x) ? 0f : Math.Clamp(x, -1f, 1f);
        }
    }

    /// <summary>Turns a 16 kHz stream into frames as soon as each window is complete.</summary>
    private sealed class FrameExtractor(FeatureSink? sink, int sourceSampleRate)
    {
        private const int SinkFrames = 2048;
        private readonly LogMel _logMel = new();
        private readonly List<float> _values = new(1 << 16);
        private readonly List<float> _levels = new(1 << 12);
        private float[] _buffer = new float[1 << 15];
        private int _count = LogMel.LeadPadding; // leading zeros centre window 0 on frame 0
        private long _bufferStart = -LogMel.LeadPadding;
        private long _samples;
        private int _frames;
        private readonly float[] _bands = new float[LogMel.Bands];
        private int _drained;
        private bool _finishing;

        public int Frames => _frames;

        public void Push(List<float> samples)
        {
            if (_count + samples.Count > _buffer.Length)
            {
                Compact();
                if (_count + samples.Count > _buffer.Length)
                {
                    Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + samples.Count));
                }
            }

            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(samples).CopyTo(_buffer.AsSpan(_count));
            _count += samples.Count;
            _samples += samples.Count;
            Emit(limitFrames: int.MaxValue);
            if (sink is not null && !_finishing && _levels.Count >= SinkFrames)
            {
                // Frames emitted before the end are never past the last one Finish keeps: safe to hand over.
                sink(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_levels));
                _drained += _levels.Count;
                _values.Clear();
                _levels.Clear();
            }
        }

        public FeatureMatrix Finish()
        {
            var frames = Complete();
            // One copy out of the growable buffers (GetRange would add a second).
            var values = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values)[..(frames * LogMel.Bands)].ToArray();
            var levels = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_levels)[..frames].ToArray();
            return new FeatureMatrix(values, levels, frames, _samples, sourceSampleRate);
        }

        public (int Frames, long Samples16k, int SourceSampleRate) FinishStreaming()
        {
            var frames = Complete();
            var left = frames - _drained;
            sink!(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_values)[..(left * LogMel.Bands)], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_levels)[..left]);
            return (frames, _samples, sourceSampleRate);
        }

        /// <summary>Emits the last windows (zero-padded) and returns how many frames the audio has.</summary>
        private int Complete()
        {
            _finishing = true;
            var total = (int)((_samples + LogMel.Hop - 1) / LogMel.Hop);
            var audioSamples = _samples;
            Push(new List<float>(new float[LogMel.FrameSize])); // trailing zeros complete the last windows
            _samples = audioSamples;
            Emit(total);
            return Math.Min(_frames, total);
        }

        private void Emit(int limitFrames)
        {
            while (_frames < limitFrames)
            {
                var start = ((long)_frames * LogMel.Hop) - LogMel.LeadPadding - _bufferStart;
                if (start + LogMel.FrameSize > _count)
                {
                    break;
                }

                var level = _logMel.Compute(_buffer.AsSpan((int)start, LogMel.FrameSize), _bands);
                _values.AddRange(_bands);
                _levels.Add(level);
                _frames++;
            }
        }

        private void Compact()
        {
            var keepFrom = ((long)_frames * LogMel.Hop) - LogMel.LeadPadding - _bufferStart;
            if (keepFrom <= 0)
            {
                return;
            }

            _buffer.AsSpan((int)keepFrom, _count - (int)keepFrom).CopyTo(_buffer);
            _count -= (int)keepFrom;
            _bufferStart += keepFrom;
        }
    }
}
