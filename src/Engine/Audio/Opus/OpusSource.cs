using Concentus;
using Lipsync.Contracts.Errors;

namespace Lipsync.Engine.Audio.Opus;

/// <summary>
/// Opus through Concentus (a managed port of libopus), decoded to 48 kHz mono (stereo is mixed by the
/// decoder). The pre-skip is dropped and,
/// where the container gives one, the end position trims the encoder's padding. Each packet yields at
/// most 120 ms (the format's maximum), so output is bounded by the packets read.
/// </summary>
internal sealed class OpusSource : IAudioSource
{
    // Opus positions and pre-skip count 48 kHz samples. Concentus 2.2.2 decodes CELT and hybrid packets
    // to silence at 16 kHz (SILK-only packets are fine), so it decodes at 48 kHz and the front end resamples.
    private const int Rate = 48_000;
    private const int MaxFrame = Rate * 120 / 1000;
    private const int MaxPacketBytes = 48 * 1275; // the spec's largest packet: 48 frames of 1,275 bytes
    private readonly IOpusPackets _packets;
    private readonly IOpusDecoder _decoder;
    private readonly float[] _frame = new float[MaxFrame];
    private int _frameOffset;
    private int _frameCount;
    private long _toSkip;
    private long _emitted;
    private bool _ended;

    static OpusSource() => OpusCodecFactory.AttemptToUseNativeLibrary = false; // same code on every host

    public OpusSource(IOpusPackets packets)
    {
        _packets = packets;
        _decoder = OpusCodecFactory.CreateDecoder(Rate, 1);
        _toSkip = packets.Head.PreSkip;
    }

    public int SampleRate => Rate;

    public int Channels => 1;

    public int Read(Span<float> interleaved)
    {
        var written = 0;
        while (written < interleaved.Length)
        {
            if (_frameOffset == _frameCount && !DecodeNext())
            {
                break;
            }

            var n = Math.Min(interleaved.Length - written, _frameCount - _frameOffset);
            var gain = _packets.Head.Gain;
            for (var i = 0; i < n; i++)
            {
                var x = _frame[_frameOffset + i] * gain;
                interleaved[written + i] = float.IsFinite(x) ? Math.Clamp(x, -1f, 1f) : 0f;
            }

            _frameOffset += n;
            written += n;
        }

        return written;
    }

    public void Dispose() => _packets.Dispose();

    private bool DecodeNext()
    {
        while (!_ended)
        {
            if (!_packets.TryRead(out var packet))
            {
                _ended = true;
                break;
            }

            if (packet.Length == 0)
            {
                continue; // a zero-length packet carries no audio
            }

            if (packet.Length > MaxPacketBytes)
            {
                throw AudioErrors.Undecodable("an Opus packet is longer than the format allows.");
            }

            int n;
            try
            {
                n = _decoder.Decode(packet.Span, _frame, MaxFrame, false);
            }
            catch (LipsyncException)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw AudioErrors.Undecodable("an Opus packet is corrupt.", e);
            }

            if (n <= 0)
            {
                throw AudioErrors.Undecodable("an Opus packet is corrupt.");
            }

            var skip = (int)Math.Min(_toSkip, n);
            _toSkip -= skip;
            var count = n - skip;
            if (_packets.EndGranule is { } end && end >= _packets.Head.PreSkip)
            {
                // Spec (RFC 7845, 4.4): the last page's position trims the padding after the audio.
                var total = end - _packets.Head.PreSkip;
                count = (int)Math.Clamp(total - _emitted, 0, count);
            }

            if (count > 0)
            {
                _frameOffset = skip;
                _frameCount = skip + count;
                _emitted += count;
                return true;
            }
        }

        return false;
    }
}
