using Lipsync.Contracts.Errors;
using Lipsync.Engine.Audio.Ogg;
using NVorbis;

namespace Lipsync.Engine.Audio;

/// <summary>
/// Ogg Vorbis through NVorbis, fed only checked pages (<see cref="OggPageGuard"/>). Two invariants are
/// enforced here rather than trusted to the decoder: no more samples than the packets read can carry
/// (half a long block each), and the encoder's end padding trimmed to the last page's granule
/// position, within one block, by holding back one block of output until the stream ends.
/// </summary>
internal sealed class VorbisSource : IAudioSource
{
    private readonly OggPageGuard _guard;
    private readonly VorbisReader _reader;
    private readonly int _holdBack;
    private float[] _pending = [];
    private int _pendingCount;
    private long _decodedFrames;
    private bool _drained;

    public VorbisSource(Stream stream)
    {
        _guard = new OggPageGuard(stream);
        try
        {
            _reader = new VorbisReader(_guard, closeOnDispose: false);
        }
        catch (LipsyncException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("the Vorbis headers are corrupt.", e);
        }

        SampleRate = _guard.Identification.SampleRate;
        Channels = _guard.Identification.Channels;
        if (_reader.SampleRate != SampleRate || _reader.Channels != Channels)
        {
            throw AudioErrors.Undecodable("the Vorbis headers disagree with each other.");
        }

        _holdBack = _guard.Identification.BlockSize1 * Channels;
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public int Read(Span<float> interleaved)
    {
        var want = interleaved.Length - (interleaved.Length % Channels);
        if (_pending.Length < want + _holdBack)
        {
            Array.Resize(ref _pending, want + _holdBack);
        }

        while (!_drained && _pendingCount < want + _holdBack)
        {
            var room = _pending.Length - _pendingCount;
            var n = Decode(_pending, _pendingCount, room - (room % Channels));
            if (n == 0)
            {
                _drained = true;
                TrimPadding();
                break;
            }

            _pendingCount += n;
            _decodedFrames += n / Channels;
            if (_decodedFrames > (_guard.Packets + 1) * (_guard.Identification.BlockSize1 / 2))
            {
                throw AudioErrors.Undecodable("the Vorbis stream yields more samples than its packets can carry.");
            }
        }

        var available = _drained ? _pendingCount : _pendingCount - _holdBack;
        var count = Math.Clamp(available, 0, want);
        _pending.AsSpan(0, count).CopyTo(interleaved);
        _pending.AsSpan(count, _pendingCount - count).CopyTo(_pending);
        _pendingCount -= count;
        return count;
    }

    public void Dispose() => _reader.Dispose();

    private int Decode(float[] buffer, int offset, int count)
    {
        try
        {
            return _reader.ReadSamples(buffer, offset, count);
        }
        catch (LipsyncException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("the Vorbis stream is corrupt.", e);
        }
    }

    /// <summary>Drops the padding past the final granule position (spec: at most part of the last packet).</summary>
    private void TrimPadding()
    {
        if (_guard.FinalGranule is not { } end)
        {
            return;
        }

        var excess = _decodedFrames - end;
        if (excess > 0 && excess * Channels <= Math.Min(_pendingCount, _holdBack))
        {
            _pendingCount -= (int)excess * Channels;
        }
    }
}
