using Lipsync.Engine.Audio.Ogg;

namespace Lipsync.Engine.Audio.Opus;

/// <summary>Ogg Opus (RFC 7845): the identification header, the comment header (skipped), then audio packets.</summary>
internal sealed class OggOpusPackets : IOpusPackets
{
    // Comment headers may carry cover art; audio packets are at most 120 ms of 1275-byte frames (61,440 bytes).
    private const int MaxPacket = 8 * 1024 * 1024;
    private readonly OggPacketReader _packets;

    public OggOpusPackets(Stream stream)
    {
        _packets = new OggPacketReader(stream, MaxPacket);
        if (!_packets.TryRead(out var head))
        {
            throw AudioErrors.Undecodable("the Ogg file ends before its first packet.");
        }

        Head = OpusHead.Parse(head.Span);
        if (!_packets.TryRead(out var tags) || !tags.Span.StartsWith("OpusTags"u8))
        {
            throw AudioErrors.Undecodable("the Opus comment header is missing.");
        }
    }

    public OpusHead Head { get; }

    public long? EndGranule => _packets.FinalGranule;

    public bool TryRead(out ReadOnlyMemory<byte> packet) => _packets.TryRead(out packet);

    public void Dispose()
    {
    }
}
