using Concentus;
using Lipsync.Contracts.Errors;

namespace Lipsync.Engine.Audio.Opus;

/// <summary>
/// Opus through Concentus (a managed port of libopus), decoded to 48 kHz mono (stereo is mixed by the
/// decoder). The pre-skip is dropped and,
/// where the container gives one, the end position trims the encoder's padding. Each packet yields at
/// most 120 ms (the format's maximum), so output is bounded by the packets read.
/// </summary>
internal sealed class OpusSource : FramedSource
{
    // Opus positions and pre-skip count 48 kHz samples. Concentus 2.2.2 decodes CELT and hybrid packets
    // to silence at 16 kHz (SILK-only packets are fine), so it decodes at 48 kHz and the front end resamples.
    private const int Rate = 48_000;
    private const int MaxFrame = Rate * 120 / 1000;
    private const int MaxPacketBytes = 48 * 1275; // the spec's largest packet: 48 frames of 1,275 bytes
    private readonly IOpusPackets _packets;
    private readonly IOpusDecoder _decoder;

    static OpusSource() => OpusCodecFactory.AttemptToUseNativeLibrary = false; // same code on every host

    public OpusSource(IOpusPackets packets)
        : base(MaxFrame, packets.Head.PreSkip)
    {
        _packets = packets;
        _decoder = OpusCodecFactory.CreateDecoder(Rate, 1);
    }

    public override int SampleRate => Rate;

    // Spec (RFC 7845, 4.4): the last page's position trims the padding after the audio.
    protected override long? Length => _packets.EndGranule is { } end && end >= _packets.Head.PreSkip ? end - _packets.Head.PreSkip : null;

    protected override float Gain => _packets.Head.Gain;

    public override void Dispose() => _packets.Dispose();

    protected override int DecodeFrame(float[] frame)
    {
        if (!_packets.TryRead(out var packet))
        {
            return -1;
        }

        if (packet.Length == 0)
        {
            return 0; // a zero-length packet carries no audio
        }

        if (packet.Length > MaxPacketBytes)
        {
            throw AudioErrors.Undecodable("an Opus packet is longer than the format allows.");
        }

        int n;
        try
        {
            n = _decoder.Decode(packet.Span, frame, MaxFrame, false);
        }
        catch (LipsyncException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw AudioErrors.Undecodable("an Opus packet is corrupt.", e);
        }

        return n > 0 ? n : throw AudioErrors.Undecodable("an Opus packet is corrupt.");
    }
}
